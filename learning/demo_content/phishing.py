"""Recognising phishing: how fraudulent messages look, how to check them, what to do with them."""

COURSE = {
    "code": "PHISH-101",
    "category": "cyber_hygiene",
    "level": "basic",
    "hours": "0.5",
    "minutes": 30,
    "validity": 12,
    "competencies": ("INFOSEC", "DIGITAL"),
    "provider": None,
    "title": ("ფიშინგის ამოცნობა", "Recognising phishing"),
    "summary": (
        "როგორ გამოიყურება თაღლითური წერილი, SMS ან ზარი, როგორ შევამოწმოთ ბმული და გამომგზავნი, და რა "
        "ვქნათ, თუ შეცდომით უკვე დავაჭირეთ.",
        "What fraudulent e-mails, texts and calls look like, how to check a link and a sender, and what to do if "
        "you have already clicked.",
    ),
    "sections": [
        (("ფიშინგის ნიშნები", "The signs of phishing"), [
            (("რა არის ფიშინგი", "What phishing is"), (
                "<p>ფიშინგი არის მოტყუება, რომლის მიზანია, თავად გადმოგცეთ პაროლი, ერთჯერადი კოდი, ფული ან "
                "გახსნათ მავნე ფაილი. საჯარო მოსამსახურეები ხშირი სამიზნე არიან: მათ აქვთ წვდომა მოქალაქეების "
                "მონაცემებზე, ბიუჯეტზე და სახელმწიფო სისტემებზე.</p>"
                "<p>ყურადღება მიაქციეთ ნიშნებს:</p><ul>"
                "<li><strong>სასწრაფოობა ან მუქარა</strong>: „ანგარიში დაიბლოკება 2 საათში“, „დაუყოვნებლივ "
                "გადარიცხეთ“.</li>"
                "<li><strong>უცნაური გამომგზავნი</strong>: ნაცნობი სახელი, მაგრამ უცხო მისამართი "
                "(<em>mof-gov.ge.info</em>, <em>rn0f.gov.ge</em>).</li>"
                "<li><strong>მოთხოვნა, რომელიც ჩვეულ წესს არღვევს</strong>: პაროლი ფოსტით, გადახდა ახალ "
                "ანგარიშზე, „საიდუმლო“ დავალება ხელმძღვანელისგან.</li>"
                "<li><strong>მოულოდნელი დანართი</strong>: ინვოისი, „სასამართლო უწყება“, არქივი (.zip) ან "
                "დოკუმენტი, რომელიც „შიგთავსის ჩართვას“ (მაკროსს) ითხოვს.</li></ul>"
                "<p>ფიშინგი მოდის SMS-ითა და მესენჯერებითაც, ხოლო სატელეფონო ვარიანტს „ვიშინგი“ ჰქვია.</p>",
                "<p>Phishing is a trick that gets you to hand over a password, a one-time code or money yourself, or "
                "to open a harmful file. Civil servants are frequent targets: they have access to citizens' data, "
                "budgets and government systems.</p>"
                "<p>Watch for these signs:</p><ul>"
                "<li><strong>Urgency or threats</strong>: \"your account will be blocked in 2 hours\", \"transfer "
                "immediately\".</li>"
                "<li><strong>An odd sender</strong>: a familiar name but a strange address (<em>mof-gov.ge.info</em>, "
                "<em>rn0f.gov.ge</em>).</li>"
                "<li><strong>A request that breaks the usual procedure</strong>: a password by e-mail, a payment to "
                "a new account, a \"confidential\" task from your boss.</li>"
                "<li><strong>An unexpected attachment</strong>: an invoice, a \"court summons\", an archive (.zip) "
                "or a document that asks you to \"enable content\" (macros).</li></ul>"
                "<p>Phishing also arrives by text message and messenger apps; the phone version is called "
                "\"vishing\".</p>")),
            (("ბმულის და გამომგზავნის შემოწმება", "Checking a link and a sender"), (
                "<ul><li>ბმულზე დაჭერამდე მიიტანეთ მასზე მაუსი და წაიკითხეთ ნამდვილი მისამართი. მთავარია "
                "დომენი — ბოლო ნაწილი პირველ „/“-მდე. <em>https://mof.gov.ge.secure-login.com/</em> ეკუთვნის "
                "<strong>secure-login.com</strong>-ს და არა ფინანსთა სამინისტროს.</li>"
                "<li>ბოქლომი (https) ნიშნავს მხოლოდ დაშიფრულ კავშირს და არა იმას, რომ საიტი სანდოა.</li>"
                "<li>ვერ ხართ დარწმუნებული? ნუ გამოიყენებთ წერილში მოცემულ ბმულს ან ნომერს: გახსენით საიტი "
                "სანიშნიდან ან დაურეკეთ ადამიანს მისთვის ცნობილ ნომერზე.</li>"
                "<li>ფულის გადარიცხვის ან რეკვიზიტების შეცვლის ნებისმიერი მოთხოვნა გადაამოწმეთ მეორე არხით, "
                "თუნდაც ის ხელმძღვანელისგან მოდიოდეს.</li></ul>",
                "<ul><li>Before clicking, hover over the link and read the real address. What matters is the "
                "domain, the last part before the first \"/\". <em>https://mof.gov.ge.secure-login.com/</em> belongs "
                "to <strong>secure-login.com</strong>, not to the Ministry of Finance.</li>"
                "<li>The padlock (https) only means the connection is encrypted, not that the site is "
                "trustworthy.</li>"
                "<li>Not sure? Do not use the link or the phone number in the message: open the site from your "
                "bookmarks, or call the person on a number you already know.</li>"
                "<li>Check every request to pay money or change bank details through a second channel, even if it "
                "seems to come from your manager.</li></ul>")),
        ]),
        (("რა გავაკეთოთ", "What to do"), [
            (("შეტყობინება და შეცდომის გამოსწორება", "Reporting, and putting a mistake right"), (
                "<p><strong>საეჭვო წერილი</strong>: არ უპასუხოთ, არ გადააგზავნოთ კოლეგებს „შესამოწმებლად“. "
                "შეატყობინეთ თქვენი უწყების IT/უსაფრთხოების სამსახურს მათ მიერ დადგენილი წესით (მაგალითად, "
                "„ფიშინგის შეტყობინების“ ღილაკით) და შემდეგ წაშალეთ.</p>"
                "<p><strong>თუ უკვე დააჭირეთ ან შეიყვანეთ პაროლი</strong>:</p><ol>"
                "<li>დაუყოვნებლივ შეცვალეთ პაროლი (სხვა, სუფთა მოწყობილობიდან, თუ ფაილი გახსენით).</li>"
                "<li>მაშინვე შეატყობინეთ უსაფრთხოების სამსახურს — რაც უფრო ადრე, მით ნაკლები ზიანი.</li>"
                "<li>თუ ფაილი გახსენით, გამორთეთ კომპიუტერი ქსელიდან და დაელოდეთ მითითებას.</li></ol>"
                "<p>შეცდომის აღიარება სირცხვილი არ არის: თავდამსხმელები სწორედ იმაზე ანგარიშობენ, რომ "
                "ადამიანი ჩუმად დარჩება.</p>",
                "<p><strong>A suspicious message</strong>: do not reply, and do not forward it to colleagues \"to "
                "check\". Report it to your agency's IT or security team the way they ask (for example with a "
                "\"report phishing\" button), then delete it.</p>"
                "<p><strong>If you already clicked or typed your password</strong>:</p><ol>"
                "<li>Change the password at once (from another, clean device if you opened a file).</li>"
                "<li>Report it to the security team straight away: the sooner, the less harm.</li>"
                "<li>If you opened a file, disconnect the computer from the network and wait for "
                "instructions.</li></ol>"
                "<p>Owning up to a mistake is nothing to be ashamed of: attackers count on people keeping "
                "quiet.</p>")),
        ]),
    ],
    "quiz": {"title": ("შემაჯამებელი ტესტი", "Final quiz"), "draw": 5, "attempts": 3, "minutes": 10, "pass": 80},
    "questions": [
        {"kind": "single",
         "text": ("ვის ეკუთვნის მისამართი https://mof.gov.ge.secure-login.com/account ?",
                  "Who owns the address https://mof.gov.ge.secure-login.com/account ?"),
         "choices": [(("ფინანსთა სამინისტროს (mof.gov.ge)", "The Ministry of Finance (mof.gov.ge)"), False),
                     (("secure-login.com-ის მფლობელს", "Whoever owns secure-login.com"), True),
                     (("ნებისმიერ .gov.ge საიტს", "Any .gov.ge website"), False)],
         "feedback": ("დომენი იკითხება ბოლოდან, პირველ „/“-მდე: აქ ეს secure-login.com-ია.",
                      "The domain is read from the end, before the first \"/\": here it is secure-login.com.")},
        {"kind": "multiple", "text": ("რომელია ფიშინგის ნიშნები? მონიშნეთ ყველა სწორი.",
                                      "Which are signs of phishing? Tick every correct answer."),
         "choices": [(("„ანგარიში 2 საათში დაიბლოკება“", "\"Your account will be blocked in 2 hours\""), True),
                     (("ნაცნობი სახელი უცნაური მისამართიდან", "A familiar name from an odd address"), True),
                     (("გადახდა ახალ საბანკო ანგარიშზე", "Payment to a new bank account"), True),
                     (("შეხვედრის მოწვევა კოლეგისგან, რომელზეც ზეპირად შეთანხმდით", "A meeting invitation from a "
                       "colleague you agreed it with in person"), False)],
         "feedback": ("სასწრაფოობა, უცნაური გამომგზავნი და ჩვეული წესის დარღვევა ფიშინგის კლასიკური ნიშნებია.",
                      "Urgency, an odd sender and a break with the usual procedure are classic signs.")},
        {"kind": "true_false", "answer": False,
         "text": ("თუ საიტს ბოქლომის ნიშანი (https) აქვს, ის სანდოა.",
                  "A website with a padlock (https) can be trusted."),
         "feedback": ("https მხოლოდ დაშიფრულ კავშირს ნიშნავს; თაღლითურ საიტებსაც აქვთ.",
                      "https only means an encrypted connection; fraudulent sites have it too.")},
        {"kind": "single",
         "text": ("ხელმძღვანელის სახელით მოვიდა წერილი: „სასწრაფოდ გადაუხადე ამ ანგარიშზე, ახლა შეხვედრაზე "
                  "ვარ“. რა არის სწორი?", "An e-mail in your manager's name says: \"Pay this invoice to this "
                  "account urgently, I'm in a meeting.\" What is right?"),
         "choices": [(("გადავიხდი, ხელმძღვანელმა დაავალა", "Pay: the manager asked"), False),
                     (("ვუპასუხებ წერილს და დავაზუსტებ", "Reply to the e-mail to confirm"), False),
                     (("დავურეკავ ხელმძღვანელს ცნობილ ნომერზე და შევატყობინებ უსაფრთხოებას",
                       "Call the manager on a known number and report it to security"), True)],
         "feedback": ("წერილზე პასუხი თაღლითთან მიდის; გადაამოწმეთ სხვა არხით.",
                      "A reply goes to the fraudster; check through another channel.")},
        {"kind": "matching", "text": ("დააკავშირეთ სიტუაცია სწორ ქმედებასთან.",
                                      "Match each situation with the right action."),
         "pairs": [(("საეჭვო წერილი მოვიდა", "A suspicious e-mail arrives"),
                    ("ვატყობინებ უსაფრთხოების სამსახურს", "Report it to the security team")),
                   (("პაროლი ყალბ გვერდზე შევიყვანე", "I typed my password on a fake page"),
                    ("მაშინვე ვცვლი პაროლს", "Change the password at once")),
                   (("დანართი გავხსენი", "I opened the attachment"),
                    ("კომპიუტერს ქსელიდან ვთიშავ", "Disconnect the computer from the network"))],
         "feedback": ("სწრაფი და სწორი რეაგირება ზიანს ამცირებს.", "A quick, right response limits the harm.")},
        {"kind": "true_false", "answer": False,
         "text": ("საეჭვო წერილი კარგია კოლეგებისთვის გადაგზავნა, რომ ისინიც გააფრთხილოთ.",
                  "Forwarding a suspicious e-mail to colleagues is a good way to warn them."),
         "feedback": ("გადაგზავნით მავნე ბმულს ავრცელებთ; შეატყობინეთ უსაფრთხოების სამსახურს, ის გააფრთხილებს "
                      "ყველას.", "Forwarding spreads the harmful link; report it and the security team warns "
                      "everyone.")},
    ],
}
