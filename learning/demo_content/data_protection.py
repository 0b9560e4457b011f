"""Personal data protection basics: the principles, the special categories, people's rights and incidents."""

COURSE = {
    "code": "PDP-101",
    "category": "data_protection",
    "level": "basic",
    "hours": "1.5",
    "minutes": 50,
    "validity": 24,
    "competencies": ("INTEGRITY", "PROF-KNOWLEDGE"),
    "provider": None,
    "title": ("პერსონალურ მონაცემთა დაცვის საფუძვლები", "Personal data protection basics"),
    "summary": (
        "რა არის პერსონალური მონაცემი, დამუშავების პრინციპები, განსაკუთრებული კატეგორიები, მონაცემთა "
        "სუბიექტის უფლებები და რა ვქნათ ინციდენტისას — საქართველოს კანონის „პერსონალურ მონაცემთა დაცვის "
        "შესახებ“ მიხედვით.",
        "What personal data is, the principles of processing, special categories, the rights of the people the "
        "data is about, and what to do in an incident, under Georgia's Law on Personal Data Protection.",
    ),
    "sections": [
        (("ძირითადი ცნებები", "The basics"), [
            (("რა არის პერსონალური მონაცემი", "What personal data is"), (
                "<p><strong>პერსონალური მონაცემი</strong> არის ნებისმიერი ინფორმაცია, რომელიც იდენტიფიცირებულ ან "
                "იდენტიფიცირებად ფიზიკურ პირს უკავშირდება: სახელი, პირადი ნომერი, მისამართი, ტელეფონი, ფოტო, "
                "ხმის ჩანაწერი, IP მისამართი, ხელფასი, შეფასება.</p>"
                "<p><strong>განსაკუთრებული კატეგორიის მონაცემები</strong> უფრო მკაცრად არის დაცული: მაგალითად, "
                "ჯანმრთელობა, ნასამართლობა, ბიომეტრიული და გენეტიკური მონაცემები, რასობრივი ან ეთნიკური "
                "კუთვნილება, პოლიტიკური შეხედულებები, რელიგიური მრწამსი, პროფესიული კავშირის წევრობა.</p>"
                "<p>საქართველოში ზედამხედველობას ახორციელებს <strong>პერსონალურ მონაცემთა დაცვის "
                "სამსახური</strong>. 2024 წლის 1 მარტიდან მოქმედი კანონით საჯარო დაწესებულებას ჰყავს "
                "პერსონალურ მონაცემთა დაცვის ოფიცერი — კითხვით პირველ რიგში მას მიმართეთ.</p>",
                "<p><strong>Personal data</strong> is any information about an identified or identifiable natural "
                "person: a name, a personal number, an address, a phone number, a photo, a voice recording, an IP "
                "address, a salary, an appraisal.</p>"
                "<p><strong>Special categories</strong> are protected more strictly: for example health, criminal "
                "records, biometric and genetic data, racial or ethnic origin, political opinions, religious "
                "beliefs and trade-union membership.</p>"
                "<p>In Georgia the <strong>Personal Data Protection Service</strong> supervises. Under the law in "
                "force since 1 March 2024, a public institution has a data protection officer: ask them "
                "first.</p>")),
            (("დამუშავების პრინციპები", "Principles of processing"), (
                "<ul><li><strong>კანონიერება და სამართლიანობა</strong> — მონაცემს ამუშავებთ მხოლოდ კანონიერი "
                "საფუძვლით (მაგ., კანონით დაკისრებული მოვალეობა, თანხმობა) და ადამიანისთვის გასაგებად.</li>"
                "<li><strong>მიზნის შეზღუდვა</strong> — ერთი მიზნით შეგროვებული მონაცემი სხვა, შეუთავსებელი "
                "მიზნით არ გამოიყენება.</li>"
                "<li><strong>მონაცემთა მინიმიზაცია</strong> — მხოლოდ ის, რაც მიზნისთვის აუცილებელია.</li>"
                "<li><strong>სიზუსტე</strong> — მონაცემი განახლებული და სწორია.</li>"
                "<li><strong>შენახვის ვადის შეზღუდვა</strong> — ინახება მხოლოდ იმდენ ხანს, რამდენიც საჭიროა.</li>"
                "<li><strong>უსაფრთხოება</strong> — დაცულია უნებართვო წვდომის, დაკარგვისა და "
                "განადგურებისგან.</li></ul>"
                "<p>პრაქტიკაში: სამსახურის ბაზაში მეზობლის, ნათესავის ან ცნობილი ადამიანის მონაცემის "
                "„უბრალოდ ნახვა“ დარღვევაა. წვდომა აღირიცხება და შემოწმებადია.</p>",
                "<ul><li><strong>Lawfulness and fairness</strong>: process data only on a lawful basis (for example "
                "a duty set by law, or consent) and in a way the person can understand.</li>"
                "<li><strong>Purpose limitation</strong>: data collected for one purpose is not used for another, "
                "incompatible one.</li>"
                "<li><strong>Data minimisation</strong>: only what the purpose needs.</li>"
                "<li><strong>Accuracy</strong>: data is kept correct and up to date.</li>"
                "<li><strong>Storage limitation</strong>: kept only as long as needed.</li>"
                "<li><strong>Security</strong>: protected against unauthorised access, loss and "
                "destruction.</li></ul>"
                "<p>In practice: \"just looking up\" a neighbour, a relative or a celebrity in a work database is a "
                "breach. Access is logged and can be checked.</p>")),
        ]),
        (("უფლებები და ინციდენტები", "Rights and incidents"), [
            (("მონაცემთა სუბიექტის უფლებები", "The rights of the people the data is about"), (
                "<p>ადამიანს უფლება აქვს, იცოდეს, რა მონაცემებს ამუშავებს მის შესახებ დაწესებულება და რა "
                "მიზნით; მიიღოს მათი ასლი; მოითხოვოს შესწორება, წაშლა ან დამუშავების შეზღუდვა; და "
                "გაასაჩივროს დამუშავება პერსონალურ მონაცემთა დაცვის სამსახურში ან სასამართლოში.</p>"
                "<p>თუ მოქალაქე ასეთ მოთხოვნას გიგზავნით, ნუ უგულებელყოფთ და ნუ უპასუხებთ იმპროვიზირებულად: "
                "დაარეგისტრირეთ და გადაეცით დაცვის ოფიცერს ან უფლებამოსილ სტრუქტურულ ერთეულს — კანონი პასუხის "
                "ვადებს ადგენს.</p>",
                "<p>People have the right to know what data an institution processes about them and why; to get "
                "a copy; to ask for correction, erasure or restriction of processing; and to complain to the "
                "Personal Data Protection Service or a court.</p>"
                "<p>If a citizen sends you such a request, do not ignore it or improvise an answer: register it "
                "and pass it to the data protection officer or the unit responsible. The law sets deadlines for "
                "the answer.</p>")),
            (("ინციდენტი", "Incidents"), (
                "<p><strong>ინციდენტი</strong> არის უსაფრთხოების დარღვევა, რომელიც იწვევს მონაცემების "
                "შემთხვევით ან უკანონო განადგურებას, დაკარგვას, შეცვლას, გამჟღავნებას ან მათზე უნებართვო "
                "წვდომას: მაგალითად, შეცდომით გაგზავნილი სია, დაკარგული ლეპტოპი, გატეხილი ანგარიში.</p>"
                "<p>დამმუშავებელმა ინციდენტი პერსონალურ მონაცემთა დაცვის სამსახურს უნდა აცნობოს მისი "
                "აღმოჩენიდან <strong>არაუგვიანეს 72 საათისა</strong> (თუ ზიანის საფრთხე არ არის "
                "მოსალოდნელი, შეიძლება გამონაკლისი). ამიტომ თქვენ მიერ შემჩნეული ინციდენტი დაუყოვნებლივ "
                "შეატყობინეთ დაცვის ოფიცერს — საათები ითვლება.</p>",
                "<p>An <strong>incident</strong> is a breach of security that leads to accidental or unlawful "
                "destruction, loss, alteration or disclosure of data, or unauthorised access to it: for example a "
                "list e-mailed to the wrong person, a lost laptop, a hacked account.</p>"
                "<p>The controller must notify the Personal Data Protection Service <strong>within 72 "
                "hours</strong> of discovering the incident (unless it is unlikely to cause harm). So report any "
                "incident you notice to the data protection officer at once: the hours are counting.</p>")),
        ]),
    ],
    "quiz": {"title": ("შემაჯამებელი ტესტი", "Final quiz"), "draw": 6, "attempts": 3, "minutes": 15, "pass": 70},
    "questions": [
        {"kind": "multiple", "text": ("რომელია პერსონალური მონაცემი? მონიშნეთ ყველა სწორი.",
                                      "Which of these are personal data? Tick every correct answer."),
         "choices": [(("თანამშრომლის პირადი ნომერი", "An employee's personal number"), True),
                     (("მოქალაქის ფოტო", "A photo of a citizen"), True),
                     (("სამინისტროს წლიური ბიუჯეტი", "A ministry's annual budget"), False),
                     (("თანამშრომლის წლიური შეფასება", "An employee's annual appraisal"), True)],
         "feedback": ("ნებისმიერი ინფორმაცია იდენტიფიცირებადი პირის შესახებ პერსონალური მონაცემია.",
                      "Any information about an identifiable person is personal data.")},
        {"kind": "single", "text": ("რომელია განსაკუთრებული კატეგორიის მონაცემი?",
                                    "Which is special-category data?"),
         "choices": [(("ელფოსტის მისამართი", "An e-mail address"), False),
                     (("ჯანმრთელობის მდგომარეობა", "A health condition"), True),
                     (("თანამდებობა", "A job title"), False)],
         "feedback": ("ჯანმრთელობის მონაცემები განსაკუთრებით დაცულია.", "Health data is specially protected.")},
        {"kind": "numeric",
         "text": ("ინციდენტის აღმოჩენიდან არაუგვიანეს რამდენ საათში უნდა ეცნობოს პერსონალურ მონაცემთა დაცვის "
                  "სამსახურს?", "Within how many hours of discovering an incident must the Personal Data "
                  "Protection Service be notified?"),
         "answer": 72, "feedback": ("72 საათი აღმოჩენიდან.", "72 hours from discovery.")},
        {"kind": "true_false", "answer": False,
         "text": ("თუ სისტემაში წვდომა მაქვს, შემიძლია ვნახო ნებისმიერი ადამიანის მონაცემი, თუ არავის "
                  "ვუზიარებ.", "If I have access to the system, I may look up anyone's record as long as I tell "
                  "nobody."),
         "feedback": ("წვდომა მხოლოდ სამსახურებრივი მიზნით; „ცნობისმოყვარეობით“ ნახვა დარღვევაა და "
                      "აღირიცხება.", "Access is for work purposes only; looking out of curiosity is a breach and "
                      "is logged.")},
        {"kind": "matching", "text": ("დააკავშირეთ პრინციპი მის არსთან.", "Match each principle with its meaning."),
         "pairs": [(("მონაცემთა მინიმიზაცია", "Data minimisation"), ("მხოლოდ აუცილებელი მონაცემები",
                                                                   "Only the data that is necessary")),
                   (("მიზნის შეზღუდვა", "Purpose limitation"), ("არ გამოიყენება შეუთავსებელი მიზნით",
                                                              "Not used for an incompatible purpose")),
                   (("შენახვის ვადის შეზღუდვა", "Storage limitation"), ("ინახება მხოლოდ საჭირო ვადით",
                                                                      "Kept only as long as needed"))],
         "feedback": ("ეს პრინციპები ყველა დამუშავებას ეხება.", "These principles apply to all processing.")},
        {"kind": "single",
         "text": ("მოქალაქემ მოგწერათ და ითხოვს, რა მონაცემებს ინახავს მის შესახებ თქვენი უწყება. რას "
                  "გააკეთებთ?", "A citizen writes asking what data your agency holds about them. What do you "
                  "do?"),
         "choices": [(("არ ვუპასუხებ — ეს ჩემი საქმე არ არის", "Not answer: it is not my job"), False),
                     (("დავარეგისტრირებ და გადავცემ დაცვის ოფიცერს", "Register it and pass it to the data "
                       "protection officer"), True),
                     (("ჩემი ბაზიდან ამონაწერს მაშინვე გავუგზავნი ელფოსტით", "E-mail an extract from my database "
                       "straight away"), False)],
         "feedback": ("მოთხოვნას კანონით დადგენილი ვადა აქვს და ვინაობის გადამოწმება სჭირდება.",
                      "The request has a legal deadline, and the requester's identity must be checked.")},
    ],
}
