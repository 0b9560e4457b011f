"""Cyber-hygiene basics: the everyday habits that stop most attacks on an office computer."""

COURSE = {
    "code": "CYB-101",
    "category": "cyber_hygiene",
    "level": "basic",
    "hours": "1.0",
    "minutes": 45,
    "validity": 12,
    "competencies": ("DIGITAL", "INFOSEC"),
    "provider": None,
    "title": ("კიბერჰიგიენის საფუძვლები", "Cyber-hygiene basics"),
    "summary": (
        "ყოველდღიური ჩვევები, რომლებიც იცავს თქვენს სამუშაო ანგარიშს, კომპიუტერს და სამსახურის ინფორმაციას: "
        "ძლიერი პაროლები, ორფაქტორიანი ავთენტიფიკაცია, განახლებები, სარეზერვო ასლები და უსაფრთხო ქცევა "
        "ოფისის გარეთ.",
        "The everyday habits that protect your work account, your computer and your office's information: strong "
        "passwords, two-factor authentication, updates, backups and safe behaviour outside the office.",
    ),
    "sections": [
        (("ანგარიშის დაცვა", "Protecting your account"), [
            (("პაროლები და პაროლის ფრაზები", "Passwords and passphrases"), (
                "<p>თავდამსხმელები პაროლებს ძირითადად ორი გზით იგებენ: ცდილობენ გავრცელებულ პაროლებს "
                "(<em>Password1</em>, <em>Tbilisi2024</em>) ან იყენებენ სხვა საიტიდან გაჟონილ პაროლს, რომელიც "
                "ადამიანს ბევრგან აქვს გამოყენებული.</p>"
                "<ul><li>გამოიყენეთ <strong>პაროლის ფრაზა</strong>: სამი-ოთხი შემთხვევითი სიტყვა, მაგალითად "
                "<em>ფანჯარა-ტყემალი-ველოსიპედი-ღრუბელი</em>. ის გრძელია, ძნელად გამოსაცნობი და ადვილად "
                "დასამახსოვრებელი.</li>"
                "<li>სამსახურის პაროლი არსად გამოიყენოთ სხვაგან — არც პირად ფოსტაში, არც სოციალურ ქსელში.</li>"
                "<li>პაროლს არავის უთხრათ, მათ შორის „IT-სამსახურის თანამშრომელს“ ტელეფონით: ნამდვილ "
                "ადმინისტრატორს თქვენი პაროლი არ სჭირდება.</li>"
                "<li>ბევრი ანგარიშისთვის გამოიყენეთ ორგანიზაციის მიერ დამტკიცებული პაროლების მენეჯერი; ნუ "
                "ჩაწერთ პაროლებს ქაღალდზე მონიტორთან.</li></ul>",
                "<p>Attackers mostly learn passwords in two ways: they try common ones (<em>Password1</em>, "
                "<em>Tbilisi2024</em>), or they use a password leaked from another website that the person reuses "
                "elsewhere.</p>"
                "<ul><li>Use a <strong>passphrase</strong>: three or four random words, for example "
                "<em>window-plum-bicycle-cloud</em>. It is long, hard to guess and easy to remember.</li>"
                "<li>Never use your work password anywhere else, not for personal e-mail and not for social "
                "media.</li>"
                "<li>Tell your password to nobody, including an \"IT support\" caller: a real administrator never "
                "needs it.</li>"
                "<li>For many accounts, use the password manager your organisation approves; do not write "
                "passwords on paper next to the screen.</li></ul>")),
            (("ორფაქტორიანი ავთენტიფიკაცია", "Two-factor authentication"), (
                "<p>ორფაქტორიანი (მრავალფაქტორიანი) ავთენტიფიკაცია პაროლს ამატებს მეორე მტკიცებულებას: კოდს "
                "აპლიკაციიდან, SMS-ს ან ფიზიკურ გასაღებს. პაროლი რომც მოიპარონ, მის გარეშე შესვლა ვერ "
                "მოხერხდება.</p>"
                "<ul><li>ჩართეთ ის ყველგან, სადაც შესაძლებელია: სამსახურის ფოსტაში, დისტანციურ წვდომაში (VPN), "
                "პირად ფოსტასა და ბანკში.</li>"
                "<li>თუ დადასტურების მოთხოვნა მოვიდა მაშინ, როცა თავად არ შედიხართ სისტემაში, "
                "<strong>უარყავით</strong> და დაუყოვნებლივ შეატყობინეთ უსაფრთხოების სამსახურს — ვიღაცამ "
                "თქვენი პაროლი იცის.</li>"
                "<li>ერთჯერადი კოდი არავის უკარნახოთ, თუნდაც „ბანკიდან“ ან „სამსახურიდან“ რეკავდნენ.</li></ul>",
                "<p>Two-factor (multi-factor) authentication adds a second proof to the password: a code from an "
                "app, a text message or a physical key. Even if your password is stolen, nobody can sign in "
                "without it.</p>"
                "<ul><li>Turn it on wherever you can: work e-mail, remote access (VPN), personal e-mail and "
                "banking.</li>"
                "<li>If a sign-in approval arrives when you are not signing in yourself, <strong>deny it</strong> "
                "and report it to your security team at once: someone knows your password.</li>"
                "<li>Never read a one-time code out to anyone, even a caller who says they are your bank or your "
                "office.</li></ul>")),
        ]),
        (("მოწყობილობა და სამუშაო გარემო", "Your device and where you work"), [
            (("განახლებები, სარეზერვო ასლები, ეკრანის დაბლოკვა", "Updates, backups and locking your screen"), (
                "<ul><li><strong>განახლებები</strong> ხურავს ხარვეზებს, რომლებსაც თავდამსხმელები უკვე იყენებენ. "
                "ნუ გადადებთ კომპიუტერის გადატვირთვას განახლების შემდეგ და ტელეფონიც განაახლეთ.</li>"
                "<li><strong>სარეზერვო ასლები</strong>: სამუშაო ფაილები შეინახეთ ორგანიზაციის ქსელურ ან ღრუბლოვან "
                "საცავში და არა მხოლოდ სამუშაო მაგიდაზე. წესი <strong>3-2-1</strong>: მონაცემების სამი ასლი, "
                "ორ სხვადასხვა მატარებელზე, რომელთაგან ერთი ინახება სხვა ადგილას. გამომძალველი პროგრამის "
                "(ransomware) შემთხვევაში სწორედ ასლი გიშველით.</li>"
                "<li>მაგიდიდან წასვლისას დაბლოკეთ ეკრანი: <kbd>Windows</kbd> + <kbd>L</kbd>.</li>"
                "<li>უცნობი USB მეხსიერება არ შეაერთოთ კომპიუტერში — მიიტანეთ IT-სამსახურში.</li>"
                "<li>პროგრამები დააყენეთ მხოლოდ ორგანიზაციის მიერ დაშვებული წყაროდან.</li></ul>",
                "<ul><li><strong>Updates</strong> close holes that attackers are already using. Do not put off the "
                "restart after an update, and update your phone too.</li>"
                "<li><strong>Backups</strong>: keep work files on your organisation's network or cloud storage, "
                "not only on the desktop. The <strong>3-2-1</strong> rule: three copies of the data, on two "
                "different media, one of them kept somewhere else. After ransomware, the copy is what saves "
                "you.</li>"
                "<li>Lock your screen whenever you leave your desk: <kbd>Windows</kbd> + <kbd>L</kbd>.</li>"
                "<li>Never plug a USB stick you found into your computer; take it to IT.</li>"
                "<li>Install software only from sources your organisation allows.</li></ul>")),
            (("ოფისის გარეთ და ინციდენტის შეტყობინება", "Outside the office, and reporting an incident"), (
                "<ul><li>საჯარო Wi-Fi (კაფე, აეროპორტი) შეიძლება თავდამსხმელი აკონტროლებდეს. სამსახურის "
                "სისტემებში შედით მხოლოდ ორგანიზაციის VPN-ით ან მობილური ინტერნეტით.</li>"
                "<li>საზოგადოებრივ ადგილას ყურადღება მიაქციეთ, ვინ უყურებს თქვენს ეკრანს და ვინ ისმენს "
                "სატელეფონო საუბარს.</li>"
                "<li>ლეპტოპი და ტელეფონი მანქანაში თვალსაჩინო ადგილას არ დატოვოთ; დაკარგვის შემთხვევაში "
                "მაშინვე შეატყობინეთ — მოწყობილობის დისტანციურად დაბლოკვა წუთებს მოითხოვს.</li></ul>"
                "<p><strong>თუ რამე ეჭვს იწვევს</strong> — უცნაური წერილი, ნელი კომპიუტერი, ფაილები, რომლებიც "
                "ვერ იხსნება, ან შეცდომით გაგზავნილი დოკუმენტი — დაუყოვნებლივ მიმართეთ თქვენი უწყების "
                "IT/უსაფრთხოების სამსახურს. ადრე მოხსენებული ინციდენტი ბევრად ნაკლებ ზიანს იწვევს, ვიდრე "
                "დამალული.</p>",
                "<ul><li>Public Wi-Fi (a café, an airport) may be controlled by an attacker. Reach work systems "
                "only through your organisation's VPN or over mobile data.</li>"
                "<li>In public places, mind who can see your screen and who can hear your phone calls.</li>"
                "<li>Never leave a laptop or phone in view in a car; if one is lost, report it at once: locking "
                "it remotely takes minutes.</li></ul>"
                "<p><strong>If something seems wrong</strong> (an odd e-mail, a slow computer, files that no "
                "longer open, a document sent to the wrong person), tell your agency's IT or security team "
                "straight away. An incident reported early does far less harm than one kept quiet.</p>")),
        ]),
    ],
    "quiz": {"title": ("შემაჯამებელი ტესტი", "Final quiz"), "draw": 6, "attempts": 3, "minutes": 15, "pass": 70},
    "questions": [
        {"kind": "single", "text": ("რომელია ყველაზე ძლიერი პაროლი?", "Which is the strongest password?"),
         "choices": [(("Tbilisi2024!", "Tbilisi2024!"), False), (("P@ssw0rd", "P@ssw0rd"), False),
                     (("ფანჯარა-ტყემალი-ველოსიპედი-ღრუბელი", "window-plum-bicycle-cloud"), True)],
         "feedback": ("გრძელი ფრაზა შემთხვევითი სიტყვებისგან უფრო ძნელი გამოსაცნობია, ვიდრე მოკლე პაროლი "
                      "სიმბოლოების ჩანაცვლებით.",
                      "A long phrase of random words is harder to guess than a short password with swapped "
                      "symbols.")},
        {"kind": "true_false", "answer": False,
         "text": ("სამსახურის პაროლის გამოყენება პირად ფოსტაშიც უსაფრთხოა, თუ ის ძლიერია.",
                  "Using your work password for personal e-mail too is safe if the password is strong."),
         "feedback": ("არა: თუ პირადი სერვისიდან პაროლი გაჟონავს, თავდამსხმელი მას სამსახურის სისტემებშიც "
                      "სცდის.", "No: if the personal service leaks it, attackers will try it on work systems.")},
        {"kind": "single",
         "text": ("ტელეფონზე მოვიდა შესვლის დადასტურების მოთხოვნა, თუმცა ამ დროს სისტემაში არ შედიხართ. რას "
                  "გააკეთებთ?", "Your phone asks you to approve a sign-in, but you are not signing in. What do "
                  "you do?"),
         "choices": [(("დავადასტურებ, ალბათ სისტემის შეცდომაა", "Approve it; it is probably a glitch"), False),
                     (("უარვყოფ და შევატყობინებ უსაფრთხოების სამსახურს", "Deny it and report it to the security "
                       "team"), True),
                     (("ტელეფონს გამოვრთავ", "Switch the phone off"), False)],
         "feedback": ("მოთხოვნა ნიშნავს, რომ ვიღაცამ თქვენი პაროლი იცის: შეცვალეთ ის და შეატყობინეთ.",
                      "The request means someone knows your password: change it and report it.")},
        {"kind": "multiple",
         "text": ("რომელი ქმედებები იცავს კომპიუტერს გამომძალველი პროგრამისგან (ransomware)? მონიშნეთ ყველა "
                  "სწორი.", "Which actions protect against ransomware? Tick every correct answer."),
         "choices": [(("განახლებების დროულად დაყენება", "Installing updates promptly"), True),
                     (("ფაილების სარეზერვო ასლების შენახვა", "Keeping backups of files"), True),
                     (("ნაპოვნი USB მეხსიერების შემოწმება საკუთარ კომპიუტერზე", "Checking a found USB stick on "
                       "your own computer"), False),
                     (("ანტივირუსის გამორთვა, რომ კომპიუტერი აჩქარდეს", "Switching off antivirus to speed the "
                       "computer up"), False)],
         "feedback": ("განახლებები ხურავს ხარვეზებს, ასლი კი მონაცემებს აღადგენს; ნაპოვნი USB და გამორთული "
                      "დაცვა კი რისკს ზრდის.", "Updates close holes and backups restore data; a found USB stick "
                      "and disabled protection add risk.")},
        {"kind": "numeric",
         "text": ("წესის „3-2-1“ მიხედვით, მონაცემების რამდენი ასლი უნდა არსებობდეს?",
                  "Under the 3-2-1 rule, how many copies of the data should exist?"),
         "answer": 3, "feedback": ("სამი ასლი, ორ სხვადასხვა მატარებელზე, ერთი სხვა ადგილას.",
                                   "Three copies, on two different media, one kept elsewhere.")},
        {"kind": "matching",
         "text": ("დააკავშირეთ სიტუაცია სწორ ქმედებასთან.", "Match each situation with the right action."),
         "pairs": [(("მაგიდიდან მიდიხართ", "You leave your desk"), ("ეკრანს ბლოკავთ", "Lock the screen")),
                   (("კაფეში უფასო Wi-Fi-ა", "Free Wi-Fi in a café"), ("VPN-ით უკავშირდებით", "Connect through "
                                                                                        "the VPN")),
                   (("ლეპტოპი დაიკარგა", "Your laptop is lost"), ("მაშინვე ატყობინებთ IT-ს", "Report it to IT at "
                                                                                             "once"))],
         "feedback": ("თითოეული ეს ჩვევა ხურავს გავრცელებულ გზას, რომლითაც ინფორმაცია იკარგება.",
                      "Each habit closes a common way in which information is lost.")},
        {"kind": "true_false", "answer": True,
         "text": ("თუ შეცდომით სხვას გაუგზავნეთ სამსახურის დოკუმენტი, ეს უნდა შეატყობინოთ, თუნდაც ზიანი არ "
                  "ჩანდეს.", "If you send a work document to the wrong person by mistake, you should report it "
                  "even if no harm is visible."),
         "feedback": ("ადრე შეტყობინება ზიანის შემცირების საშუალებას იძლევა.",
                      "Reporting early gives the chance to limit the harm.")},
    ],
}
