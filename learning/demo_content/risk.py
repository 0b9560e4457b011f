"""Introduction to risk management: identify, assess, respond, monitor, with a risk register."""

COURSE = {
    "code": "RISK-101",
    "category": "risk_management",
    "level": "basic",
    "hours": "2.0",
    "minutes": 75,
    "validity": None,
    "competencies": ("PLANNING", "DECISIONS", "ANALYSIS"),
    "provider": "MOF",
    "title": ("შესავალი რისკების მართვაში", "Introduction to risk management"),
    "summary": (
        "რა არის რისკი, როგორ ვაიდენტიფიციროთ და შევაფასოთ ის ალბათობითა და გავლენით, რომელი რეაგირება "
        "ავირჩიოთ და როგორ ვაწარმოოთ რისკების რეესტრი საჯარო დაწესებულებაში.",
        "What a risk is, how to identify it and rate it by likelihood and impact, which response to choose, and "
        "how to keep a risk register in a public institution.",
    ),
    "sections": [
        (("რისკის გაგება", "Understanding risk"), [
            (("რა არის რისკი", "What a risk is"), (
                "<p><strong>რისკი</strong> არის გაურკვევლობის გავლენა მიზნებზე (ISO 31000): მოვლენა, რომელიც "
                "შეიძლება მოხდეს და ხელი შეუშალოს (ან ხელი შეუწყოს) დაწესებულებას, მიაღწიოს დასახულ "
                "შედეგს. რისკი არ არის ის, რაც უკვე მოხდა — ეს უკვე პრობლემაა.</p>"
                "<p>კარგი ფორმულირება სამ ნაწილს შეიცავს: <em>მიზეზი → მოვლენა → შედეგი</em>. მაგალითად: "
                "„კვალიფიციური კადრის ნაკლებობის გამო (მიზეზი) შესაძლოა შესყიდვის დოკუმენტაცია დროულად ვერ "
                "მომზადდეს (მოვლენა), რაც პროექტის დაფინანსების დაკარგვას გამოიწვევს (შედეგი)“.</p>"
                "<p>საჯარო შიდა ფინანსური კონტროლის შესახებ კანონი დაწესებულების ხელმძღვანელს აკისრებს "
                "ფინანსური მართვისა და კონტროლის პასუხისმგებლობას, რომლის ნაწილიც რისკების მართვაა; "
                "თითოეულ რისკს უნდა ჰყავდეს <strong>მფლობელი</strong> — ადამიანი, ვინც მის მართვაზე "
                "აგებს პასუხს.</p>",
                "<p>A <strong>risk</strong> is the effect of uncertainty on objectives (ISO 31000): something that "
                "may happen and stop (or help) an institution from achieving what it set out to do. A risk is not "
                "something that has already happened: that is an issue.</p>"
                "<p>A good description has three parts: <em>cause → event → consequence</em>. For example: "
                "\"Because we lack qualified staff (cause), the procurement documents may not be ready in time "
                "(event), which would lose the project its funding (consequence).\"</p>"
                "<p>The Law on Public Internal Financial Control makes the head of an institution responsible "
                "for financial management and control, of which risk management is a part; every risk needs an "
                "<strong>owner</strong>, the person answerable for managing it.</p>")),
            (("შეფასება: ალბათობა და გავლენა", "Assessing: likelihood and impact"), (
                "<p>რისკი ფასდება ორი ღერძით, ჩვეულებრივ 1-დან 5-მდე სკალით:</p><ul>"
                "<li><strong>ალბათობა</strong> — რამდენად სავარაუდოა მოვლენა (1 — იშვიათი, 5 — თითქმის "
                "გარდაუვალი);</li>"
                "<li><strong>გავლენა</strong> — რამდენად მძიმე იქნება შედეგი (1 — უმნიშვნელო, 5 — "
                "კრიტიკული).</li></ul>"
                "<p><strong>რისკის დონე = ალბათობა × გავლენა</strong>. ალბათობით 4 და გავლენით 3 რისკის დონეა "
                "12. 5×5 მატრიცაზე ხშირად: 1–4 დაბალი, 5–9 საშუალო, 10–16 მაღალი, 20–25 კრიტიკული (ზღვრებს "
                "დაწესებულება თავად ადგენს).</p>"
                "<p>შეფასება ორჯერ კეთდება: <em>თანდაყოლილი</em> რისკი (კონტროლამდე) და <em>ნარჩენი</em> რისკი "
                "(არსებული კონტროლის გათვალისწინებით).</p>",
                "<p>A risk is rated on two scales, usually from 1 to 5:</p><ul>"
                "<li><strong>likelihood</strong>: how probable the event is (1 rare, 5 almost certain);</li>"
                "<li><strong>impact</strong>: how serious the consequence would be (1 negligible, 5 critical).</li>"
                "</ul><p><strong>Risk level = likelihood × impact</strong>. A risk with likelihood 4 and impact 3 "
                "has level 12. On a 5×5 matrix a common banding is 1–4 low, 5–9 medium, 10–16 high, 20–25 "
                "critical (each institution sets its own thresholds).</p>"
                "<p>Rate it twice: the <em>inherent</em> risk (before controls) and the <em>residual</em> risk "
                "(with the controls in place).</p>")),
        ]),
        (("რეაგირება და მონიტორინგი", "Responding and monitoring"), [
            (("რეაგირების ოთხი გზა და რისკების რეესტრი", "Four responses, and the risk register"), (
                "<ul><li><strong>თავიდან აცილება</strong> — საქმიანობის შეწყვეტა ან შეცვლა, რომ რისკი აღარ "
                "არსებობდეს.</li>"
                "<li><strong>შემცირება</strong> — კონტროლის დამატება, რომელიც ალბათობას ან გავლენას ამცირებს "
                "(მაგ., ორი ხელმოწერა გადახდაზე, სარეზერვო ასლი).</li>"
                "<li><strong>გადაცემა/გაზიარება</strong> — რისკის ნაწილის გადატანა სხვა მხარეზე (დაზღვევა, "
                "ხელშეკრულების პირობა).</li>"
                "<li><strong>მიღება</strong> — შეგნებული გადაწყვეტილება, რისკი დარჩეს, როცა ის რისკის "
                "მადაზე (appetite) ნაკლებია ან კონტროლი უფრო ძვირი ჯდება.</li></ul>"
                "<p><strong>რისკების რეესტრში</strong> თითოეულ რისკზე ჩაიწერება: აღწერა (მიზეზი–მოვლენა–"
                "შედეგი), მფლობელი, ალბათობა, გავლენა, დონე, არსებული კონტროლი, დაგეგმილი ღონისძიება, ვადა "
                "და სტატუსი. რეესტრი ცოცხალი დოკუმენტია: გადახედეთ რეგულარულად (მაგ., კვარტალში ერთხელ) და "
                "ახალი რისკი მაშინვე დაამატეთ.</p>",
                "<ul><li><strong>Avoid</strong>: stop or change the activity so that the risk no longer "
                "exists.</li>"
                "<li><strong>Reduce</strong>: add a control that lowers the likelihood or the impact (for example "
                "two signatures on a payment, a backup).</li>"
                "<li><strong>Transfer or share</strong>: move part of the risk to another party (insurance, a "
                "contract clause).</li>"
                "<li><strong>Accept</strong>: a conscious decision to keep the risk, when it is within the risk "
                "appetite or a control would cost more than it saves.</li></ul>"
                "<p>The <strong>risk register</strong> records for each risk: the description (cause, event, "
                "consequence), the owner, likelihood, impact, level, existing controls, the planned action, its "
                "deadline and status. It is a living document: review it regularly (for example quarterly) and "
                "add a new risk as soon as it appears.</p>")),
        ]),
    ],
    "quiz": {"title": ("შემაჯამებელი ტესტი", "Final quiz"), "draw": 6, "attempts": 3, "minutes": 20, "pass": 70},
    "questions": [
        {"kind": "numeric",
         "text": ("5×5 მატრიცაზე რისკის ალბათობაა 4, გავლენა — 3. რა არის რისკის დონე?",
                  "On a 5×5 matrix a risk has likelihood 4 and impact 3. What is its level?"),
         "answer": 12, "feedback": ("დონე = ალბათობა × გავლენა = 4 × 3 = 12.",
                                    "Level = likelihood × impact = 4 × 3 = 12.")},
        {"kind": "matching", "text": ("დააკავშირეთ რეაგირება მაგალითთან.", "Match each response with an example."),
         "pairs": [(("თავიდან აცილება", "Avoid"), ("სარისკო პროექტის გაუქმება", "Cancelling the risky project")),
                   (("შემცირება", "Reduce"), ("გადახდაზე მეორე ხელმოწერის შემოღება",
                                              "Requiring a second signature on payments")),
                   (("გადაცემა", "Transfer"), ("ქონების დაზღვევა", "Insuring the property")),
                   (("მიღება", "Accept"), ("დაბალი რისკის შეგნებულად დატოვება", "Knowingly keeping a low risk"))],
         "feedback": ("ოთხივე რეაგირება ლეგიტიმურია, თუ გადაწყვეტილება დასაბუთებულია.",
                      "All four responses are legitimate when the decision is reasoned.")},
        {"kind": "single", "text": ("რომელია რისკის საუკეთესო ფორმულირება?", "Which is the best risk description?"),
         "choices": [(("„IT-სისტემა“", "\"IT system\""), False),
                     (("„სერვერი გუშინ გაითიშა“", "\"The server went down yesterday\""), False),
                     (("„სარეზერვო კვების არარსებობის გამო შესაძლოა სერვერი გაითიშოს, რაც მომსახურებას "
                       "შეაჩერებს“", "\"Because there is no backup power, the server may go down, which would "
                       "stop the service\""), True)],
         "feedback": ("კარგი ფორმულირება შეიცავს მიზეზს, მოვლენას და შედეგს; უკვე მომხდარი კი პრობლემაა.",
                      "A good description has a cause, an event and a consequence; what already happened is an "
                      "issue.")},
        {"kind": "true_false", "answer": True,
         "text": ("ნარჩენი რისკი არის რისკი არსებული კონტროლის მექანიზმების გათვალისწინებით.",
                  "Residual risk is the risk that remains with the existing controls in place."),
         "feedback": ("თანდაყოლილი რისკი — კონტროლამდე, ნარჩენი — კონტროლის შემდეგ.",
                      "Inherent risk is before controls; residual risk is after them.")},
        {"kind": "multiple", "text": ("რა უნდა ეწეროს რისკების რეესტრში? მონიშნეთ ყველა სწორი.",
                                      "What belongs in a risk register? Tick every correct answer."),
         "choices": [(("რისკის მფლობელი", "The risk owner"), True),
                     (("ალბათობა და გავლენა", "Likelihood and impact"), True),
                     (("დაგეგმილი ღონისძიება და ვადა", "The planned action and its deadline"), True),
                     (("თანამშრომლების პირადი ნომრები", "Employees' personal numbers"), False)],
         "feedback": ("რეესტრი რისკებს აღწერს, არა ადამიანების პერსონალურ მონაცემებს.",
                      "The register describes risks, not people's personal data.")},
        {"kind": "single", "text": ("ვინ აგებს პასუხს კონკრეტული რისკის მართვაზე?",
                                    "Who answers for managing a particular risk?"),
         "choices": [(("მხოლოდ შიდა აუდიტი", "Internal audit alone"), False),
                     (("რისკის მფლობელი", "The risk owner"), True),
                     (("ვინც რისკი პირველმა შენიშნა", "Whoever noticed the risk first"), False)],
         "feedback": ("შიდა აუდიტი აფასებს სისტემას, მაგრამ რისკს მართავს მისი მფლობელი.",
                      "Internal audit assesses the system, but the owner manages the risk.")},
    ],
}
