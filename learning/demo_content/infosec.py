"""Information security for civil servants: what to protect, how to handle it, who to tell."""

COURSE = {
    "code": "INFOSEC-101",
    "category": "information_security",
    "level": "basic",
    "hours": "1.5",
    "minutes": 60,
    "validity": 24,
    "competencies": ("INFOSEC", "INTEGRITY", "PROF-KNOWLEDGE"),
    "provider": None,
    "title": ("ინფორმაციული უსაფრთხოება საჯარო მოსამსახურისთვის", "Information security for civil servants"),
    "summary": (
        "კონფიდენციალურობა, მთლიანობა და ხელმისაწვდომობა; ინფორმაციის კლასიფიკაცია და მასთან მოპყრობა; "
        "ელფოსტა, ღრუბლოვანი სერვისები და მოწყობილობები; სოციალური ინჟინერია და ინციდენტის შეტყობინება.",
        "Confidentiality, integrity and availability; classifying and handling information; e-mail, cloud "
        "services and devices; social engineering and reporting incidents.",
    ),
    "sections": [
        (("რას ვიცავთ", "What we protect"), [
            (("კონფიდენციალურობა, მთლიანობა, ხელმისაწვდომობა", "Confidentiality, integrity, availability"), (
                "<p>ინფორმაციული უსაფრთხოება სამ თვისებას იცავს:</p><ul>"
                "<li><strong>კონფიდენციალურობა</strong> — ინფორმაციას ხედავს მხოლოდ ის, ვისაც ამის უფლება აქვს "
                "(მაგ., მოქალაქის საგადასახადო მონაცემები).</li>"
                "<li><strong>მთლიანობა</strong> — ინფორმაცია სწორია და უნებართვოდ არ შეცვლილა (მაგ., "
                "ბრძანების ტექსტი ან საბანკო რეკვიზიტები).</li>"
                "<li><strong>ხელმისაწვდომობა</strong> — ინფორმაცია და სერვისი მაშინ არის ხელმისაწვდომი, როცა "
                "საჭიროა (მაგ., მომსახურების სისტემა სამუშაო საათებში).</li></ul>"
                "<p>საქართველოს კანონი „ინფორმაციული უსაფრთხოების შესახებ“ კრიტიკული ინფორმაციული სისტემის "
                "სუბიექტებს ავალდებულებს, ჰყავდეთ ინფორმაციული უსაფრთხოების მენეჯერი და ჰქონდეთ "
                "უსაფრთხოების პოლიტიკა. თქვენი უწყების წესები სწორედ ამ პოლიტიკიდან მომდინარეობს — გაეცანით "
                "მათ.</p>",
                "<p>Information security protects three properties:</p><ul>"
                "<li><strong>Confidentiality</strong>: only those entitled see the information (for example a "
                "citizen's tax records).</li>"
                "<li><strong>Integrity</strong>: the information is correct and has not been changed without "
                "authority (for example the text of an order, or bank details).</li>"
                "<li><strong>Availability</strong>: the information and the service are there when needed (for "
                "example a service system during office hours).</li></ul>"
                "<p>Georgia's Law on Information Security requires the bodies that run critical information "
                "systems to have an information security manager and a security policy. Your agency's rules "
                "come from that policy: read them.</p>")),
            (("ინფორმაციის კლასიფიკაცია", "Classifying information"), (
                "<p>ყველა ინფორმაცია ერთნაირად არ იცავს. ზოგადად:</p><ul>"
                "<li><strong>საჯარო ინფორმაცია</strong> — ზოგადი ადმინისტრაციული კოდექსის მიხედვით, ის "
                "ყველასთვის ხელმისაწვდომია და მოთხოვნისას გაიცემა დაუყოვნებლივ ან არაუგვიანეს 10 დღისა.</li>"
                "<li><strong>შეზღუდული წვდომის ინფორმაცია</strong> — პერსონალური მონაცემები, კომერციული და "
                "პროფესიული საიდუმლოება: მხოლოდ სამსახურებრივი საჭიროებისთვის და მხოლოდ იმდენი, რამდენიც "
                "საჭიროა.</li>"
                "<li><strong>სახელმწიფო საიდუმლოება</strong> — დაცულია სპეციალური კანონით; მასთან წვდომას "
                "სჭირდება სპეციალური დაშვება და განსაკუთრებული წესები.</li></ul>"
                "<p>თუ არ იცით, როგორ ეკუთვნის დოკუმენტი, მოეპყარით როგორც შეზღუდულს და ჰკითხეთ "
                "ხელმძღვანელს.</p>",
                "<p>Not all information needs the same protection. In general:</p><ul>"
                "<li><strong>Public information</strong>: under the General Administrative Code it is open to "
                "everyone, and a request is answered without delay or at the latest within 10 days.</li>"
                "<li><strong>Restricted information</strong>: personal data, commercial and professional secrets. "
                "Use it only for official purposes and only as much as the task needs.</li>"
                "<li><strong>State secrets</strong>: protected by a special law; access needs a clearance and "
                "special rules.</li></ul>"
                "<p>If you do not know which a document is, treat it as restricted and ask your manager.</p>")),
        ]),
        (("ყოველდღიური მოპყრობა", "Handling information every day"), [
            (("ელფოსტა, ღრუბელი, მოწყობილობები", "E-mail, cloud services and devices"), (
                "<ul><li>სამსახურის დოკუმენტები არ გადაიგზავნოთ პირად ელფოსტაზე და არ ატვირთოთ პირად ღრუბელში, "
                "„სახლში სამუშაოდ“ — ასე ინფორმაცია ორგანიზაციის დაცვის მიღმა ხვდება.</li>"
                "<li>შეზღუდული წვდომის ტექსტი არ ჩასვათ საჯარო მთარგმნელში ან ჩატბოტში: შეყვანილი ტექსტი "
                "შეიძლება მესამე მხარესთან შეინახოს.</li>"
                "<li>გაგზავნამდე შეამოწმეთ ადრესატები — ავტომატური შევსება ხშირად არასწორ ადამიანს ირჩევს.</li>"
                "<li>მოსახსნელ მეხსიერებაზე (USB) შეზღუდული ინფორმაცია მხოლოდ დაშიფრულად გადაიტანეთ და "
                "მხოლოდ ორგანიზაციის მიერ გაცემულ მოწყობილობაზე.</li>"
                "<li><strong>სუფთა მაგიდა და სუფთა ეკრანი</strong>: სამუშაოს დასრულებისას დოკუმენტები "
                "ჩაკეტეთ, ამობეჭდილი ფურცელი პრინტერში არ დატოვოთ, ეკრანი დაბლოკეთ.</li></ul>",
                "<ul><li>Do not send work documents to your personal e-mail or upload them to a personal cloud \"to "
                "work from home\": the information leaves your organisation's protection.</li>"
                "<li>Do not paste restricted text into a public translator or chatbot: what you type may be kept "
                "by a third party.</li>"
                "<li>Check the recipients before sending: auto-complete often picks the wrong person.</li>"
                "<li>Carry restricted information on removable media (USB) only encrypted, and only on a device "
                "your organisation issued.</li>"
                "<li><strong>Clear desk, clear screen</strong>: lock documents away at the end of the day, do not "
                "leave printouts in the printer, lock your screen.</li></ul>")),
            (("სოციალური ინჟინერია და ინციდენტები", "Social engineering and incidents"), (
                "<p>სოციალური ინჟინერია ადამიანის ნდობას იყენებს: „ახალი კოლეგა“, რომელსაც შენობაში შესვლა "
                "სჭირდება; „აუდიტორი“, რომელიც ტელეფონით თანამშრომლების სიას ითხოვს; „მიმწოდებელი“, "
                "რომელიც რეკვიზიტების შეცვლას გთხოვთ.</p><ul>"
                "<li>ვინაობა გადაამოწმეთ დამოუკიდებლად: ცნობილი ნომრით, ხელმძღვანელთან ან საკადრო "
                "სამსახურთან.</li>"
                "<li>სტუმარი შენობაში თან ახლდეს და უცნობს კარი არ „შეუკავოთ“.</li>"
                "<li>სამსახურებრივ დეტალებს (სისტემების სახელები, შიდა პროცედურები) ნუ გაავრცელებთ სოციალურ "
                "ქსელებში.</li></ul>"
                "<p><strong>ინციდენტი</strong> — დაკარგული მოწყობილობა, შეცდომით გაგზავნილი ფაილი, საეჭვო "
                "აქტივობა ანგარიშზე — დაუყოვნებლივ შეატყობინეთ ინფორმაციული უსაფრთხოების მენეჯერს ან "
                "IT-სამსახურს. შეტყობინება თქვენი მოვალეობაა და არა ბრალის აღიარება.</p>",
                "<p>Social engineering exploits trust: a \"new colleague\" who needs to get into the building; an "
                "\"auditor\" who asks for a staff list over the phone; a \"supplier\" who asks you to change their "
                "bank details.</p><ul>"
                "<li>Check who they are independently: a known number, your manager or HR.</li>"
                "<li>Accompany visitors in the building, and do not hold the door for strangers.</li>"
                "<li>Do not share work details (system names, internal procedures) on social media.</li></ul>"
                "<p>An <strong>incident</strong> (a lost device, a file sent to the wrong person, suspicious "
                "activity on your account) must be reported at once to the information security manager or IT. "
                "Reporting is your duty, not an admission of guilt.</p>")),
        ]),
    ],
    "quiz": {"title": ("შემაჯამებელი ტესტი", "Final quiz"), "draw": 6, "attempts": 3, "minutes": 15, "pass": 70},
    "questions": [
        {"kind": "matching", "text": ("დააკავშირეთ თვისება მაგალითთან.", "Match each property with an example."),
         "pairs": [(("კონფიდენციალურობა", "Confidentiality"), ("საგადასახადო მონაცემებს მხოლოდ უფლებამოსილი "
                                                                "ხედავს", "Only authorised staff see tax records")),
                   (("მთლიანობა", "Integrity"), ("საბანკო რეკვიზიტები უნებართვოდ არ შეცვლილა",
                                                 "Bank details were not changed without authority")),
                   (("ხელმისაწვდომობა", "Availability"), ("სისტემა მუშაობს, როცა მოქალაქეს სჭირდება",
                                                          "The system works when a citizen needs it"))],
         "feedback": ("სამივე თვისება თანაბრად მნიშვნელოვანია.", "All three properties matter equally.")},
        {"kind": "numeric",
         "text": ("ზოგადი ადმინისტრაციული კოდექსით, არაუგვიანეს რამდენი დღისა უნდა გაიცეს საჯარო ინფორმაცია, "
                  "თუ დაუყოვნებლივ ვერ ხერხდება?",
                  "Under the General Administrative Code, within how many days at the latest must public "
                  "information be released when it cannot be released at once?"),
         "answer": 10, "feedback": ("დაუყოვნებლივ, ან არაუგვიანეს 10 დღისა.",
                                    "Without delay, or at the latest within 10 days.")},
        {"kind": "true_false", "answer": False,
         "text": ("სამსახურის დოკუმენტის პირად ელფოსტაზე გადაგზავნა დასაშვებია, თუ სახლში მასზე სამუშაოდ "
                  "გჭირდებათ.", "Sending a work document to your personal e-mail is fine if you need it to work "
                  "from home."),
         "feedback": ("ინფორმაცია ტოვებს ორგანიზაციის დაცვას; გამოიყენეთ დისტანციური წვდომის დაშვებული გზა.",
                      "The information leaves your organisation's protection; use the approved remote access.")},
        {"kind": "single",
         "text": ("„აუდიტორი“ რეკავს და დეპარტამენტის თანამშრომლების სიას ტელეფონებით ითხოვს. რას "
                  "გააკეთებთ?", "An \"auditor\" phones and asks for your department's staff list with phone "
                  "numbers. What do you do?"),
         "choices": [(("გავუგზავნი, აუდიტი ხომ კანონიერია", "Send it: audits are lawful"), False),
                     (("ვინაობას დამოუკიდებლად გადავამოწმებ და ხელმძღვანელს ვეტყვი",
                       "Check who they are independently and tell my manager"), True),
                     (("ვეტყვი, რომ წერილობით მომწეროს პირად ფოსტაზე", "Ask them to write to my personal "
                       "e-mail"), False)],
         "feedback": ("სოციალური ინჟინერი ნდობას იყენებს; გადამოწმება ცნობილი არხით აჩერებს მას.",
                      "Social engineers exploit trust; checking through a known channel stops them.")},
        {"kind": "multiple", "text": ("რომელი ქცევაა სწორი? მონიშნეთ ყველა სწორი.",
                                      "Which behaviours are right? Tick every correct answer."),
         "choices": [(("ამობეჭდილ დოკუმენტს მაშინვე ვიღებ პრინტერიდან", "Collect printouts from the printer at "
                       "once"), True),
                     (("სტუმარს შენობაში ვახლავარ", "Accompany visitors in the building"), True),
                     (("შეზღუდულ ტექსტს ვთარგმნი საჯარო ონლაინ მთარგმნელით", "Translate restricted text with a "
                       "public online translator"), False),
                     (("შეცდომით გაგზავნილ ფაილზე ვატყობინებ უსაფრთხოების მენეჯერს", "Report a file sent to the "
                       "wrong person to the security manager"), True)],
         "feedback": ("საჯარო მთარგმნელში ჩასმული ტექსტი შეიძლება მესამე მხარესთან შეინახოს.",
                      "Text pasted into a public translator may be kept by a third party.")},
        {"kind": "single",
         "text": ("რომელ კატეგორიას მიეკუთვნება მოქალაქის პირადი ნომერი და მისამართი?",
                  "Which category does a citizen's personal number and address belong to?"),
         "choices": [(("საჯარო ინფორმაცია", "Public information"), False),
                     (("შეზღუდული წვდომის ინფორმაცია (პერსონალური მონაცემები)", "Restricted information (personal "
                       "data)"), True),
                     (("სახელმწიფო საიდუმლოება", "A state secret"), False)],
         "feedback": ("პერსონალური მონაცემები შეზღუდული წვდომისაა და დამუშავდება მხოლოდ საჭიროებისას.",
                      "Personal data is restricted and is processed only when needed.")},
        {"kind": "true_false", "answer": True,
         "text": ("ინციდენტის შეტყობინება საჯარო მოსამსახურის მოვალეობაა, თუნდაც ის თავად იყოს შეცდომის "
                  "ავტორი.", "Reporting an incident is a civil servant's duty, even when the mistake was their "
                  "own."),
         "feedback": ("ადრე შეტყობინება ზიანის შემცირების საშუალებას იძლევა.",
                      "Reporting early gives the chance to limit the harm.")},
    ],
}
