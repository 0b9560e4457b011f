"""The raw material of ``flask demo``: names, ministries, agencies, regions, positions, competencies.

Only data lives here; ``common.demo`` turns it into a government. Names are kept in Georgian
alone: their English forms come from ``GEORGIAN_TO_LATIN`` (the national romanisation of 2002),
so the two scripts cannot disagree. Georgian genitives are listed beside place names because
a few of them drop a vowel (ყვარელი → ყვარლის) and no short rule gets those right.
"""

from __future__ import annotations

GEORGIAN_TO_LATIN = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t", "ი": "i", "კ": "k",
    "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh", "რ": "r", "ს": "s", "ტ": "t", "უ": "u",
    "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q", "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts", "ჭ": "ch",
    "ხ": "kh", "ჯ": "j", "ჰ": "h",
}

MALE_FIRST_NAMES = (
    "გიორგი", "დავით", "ლევან", "ნიკოლოზ", "ალექსანდრე", "ირაკლი", "ზურაბ", "დიმიტრი", "ლაშა", "გიგა",
    "თორნიკე", "ლუკა", "ბექა", "მამუკა", "ვახტანგ", "ლადო", "ნოდარ", "თამაზ", "გოჩა", "გელა", "ზვიად",
    "კახა", "მერაბ", "რევაზ", "შოთა", "ტარიელ", "ავთანდილ", "ბადრი", "ნიკა", "საბა", "სანდრო", "დათო",
    "გურამ", "ილია", "ოთარ", "ვასილ", "ზაზა", "თენგიზ", "ბესიკ", "მიხეილ", "ანზორ", "ჯემალ", "ამირან",
    "გრიგოლ", "ტემურ", "იოსებ", "ვაჟა", "პაატა", "ელგუჯა", "ხვიჩა", "ნუგზარ", "ჯაბა", "ლერი", "კობა",
)
FEMALE_FIRST_NAMES = (
    "ნინო", "მარიამ", "თამარ", "ანა", "ნათია", "ეკატერინე", "ქეთევან", "მაია", "ნანა", "ლალი", "ხათუნა",
    "თეონა", "სალომე", "ელენე", "ნია", "ლიკა", "მაკა", "ირმა", "ნატო", "თინათინ", "მანანა", "ნანული",
    "ლია", "ეკა", "ქეთი", "სოფიო", "ნესტან", "ხატია", "მზია", "ციცინო", "ნატალია", "დარეჯან", "რუსუდან",
    "ინგა", "თეა", "ბარბარე", "ანი", "ლელა", "ია", "მარინე", "ეთერ", "ქრისტინე", "ნაზი", "ჟუჟუნა",
    "ლამარა", "გვანცა", "შორენა", "თამთა", "ელისო", "მედეა", "ნონა", "ფიქრია",
)
SURNAMES = (
    # -ძე
    "ბერიძე", "კაპანაძე", "მაისურაძე", "გიორგაძე", "ლომიძე", "ბოლქვაძე", "ნოზაძე", "აბულაძე", "მიქელაძე",
    "ტაბატაძე", "ჯანელიძე", "დოლიძე", "კიკნაძე", "ქავთარაძე", "ჩხეიძე", "ცერცვაძე", "ბურჭულაძე", "ზედგინიძე",
    "სამხარაძე", "ალავიძე", "ტაბიძე", "კობახიძე", "ჭელიძე", "თევზაძე", "ლორთქიფანიძე", "სვანიძე", "ბუაჩიძე",
    "ჯაფარიძე", "ბარამიძე", "სიხარულიძე", "ბიწაძე", "ცინცაძე", "აბაშიძე", "მელაძე", "ღონღაძე", "ნიჟარაძე",
    "სალუქვაძე", "გაჩეჩილაძე", "ჩიხლაძე", "ცირეკიძე",
    # -შვილი
    "გელაშვილი", "ხუციშვილი", "ბაღაშვილი", "ხარაიშვილი", "ნატროშვილი", "ბეჟანიშვილი", "მამულაშვილი",
    "ჯავახიშვილი", "მარგველაშვილი", "კვირიკაშვილი", "ღარიბაშვილი", "ბერიაშვილი", "ტყეშელაშვილი",
    "მესხიშვილი", "ნადირაშვილი", "გოგიაშვილი", "ელიზბარაშვილი", "პაპაშვილი", "ზაალიშვილი", "ხიზანიშვილი",
    "ავალიშვილი", "ღვინიაშვილი", "მჭედლიშვილი", "ჩიტაიშვილი", "ჩუბინიშვილი", "კობიაშვილი", "დავითაშვილი",
    "ჩოლოყაშვილი", "გოგიჩაიშვილი",
    # -ია, -უა, -ავა (Samegrelo, Guria)
    "კვარაცხელია", "შენგელია", "გაბუნია", "ჯიქია", "ხოფერია", "ჭყონია", "ჭანტურია", "გვასალია", "ჩიტაია",
    "ძაძამია", "ფიფია", "მიქაია", "დანელია", "ქობალია", "ზარანდია", "გოგოხია", "ფაცაცია", "ნაჭყებია",
    "თოდუა", "ესებუა", "ხუბუა", "გოგუა", "ჯოჯუა", "ქარჩავა", "ლეჟავა", "ბოკუჩავა", "კაკუბავა", "ჭითანავა",
    "ხურცილავა", "ცაავა", "აფხაზავა",
    # -ანი (Svaneti), -ური/-ული (the mountains), and a few more
    "ჩიქოვანი", "მაჭავარიანი", "იოსელიანი", "დადიანი", "ჩარკვიანი", "გაბლიანი", "ფარჯიანი", "ქურდიანი",
    "ორბელიანი", "წიკლაური", "ჭინჭარაული", "ბექაური", "ბუჩუკური", "არაბული", "გოგოჭური", "ოთხმეზური",
    "მაჩაბელი", "ღლონტი", "ერისთავი", "წერეთელი", "ამილახვარი", "ჯაყელი",
)

# The first two digits of a personal number (the issuing office), the common ones more often.
PERSONAL_NUMBER_PREFIXES = ("01", "01", "01", "01", "12", "18", "19", "20", "24", "26", "33", "35", "38", "41",
                            "45", "48", "53", "57", "59", "60", "61", "62")

# code, Georgian name, English name, e-mail domain, departments of its own (Georgian, English).
MINISTRIES = (
    ("MOF", "საქართველოს ფინანსთა სამინისტრო", "Ministry of Finance of Georgia", "mof.gov.ge", (
        ("საბიუჯეტო დეპარტამენტი", "Budget Department"),
        ("საგადასახადო და საბაჟო პოლიტიკის დეპარტამენტი", "Tax and Customs Policy Department"),
        ("სახელმწიფო ვალისა და საგარეო დაფინანსების დეპარტამენტი", "Public Debt and External Finance Department"),
        ("მაკროეკონომიკური ანალიზის დეპარტამენტი", "Macroeconomic Analysis Department"))),
    ("MOJ", "საქართველოს იუსტიციის სამინისტრო", "Ministry of Justice of Georgia", "justice.gov.ge", (
        ("კანონშემოქმედებითი საქმიანობის დეპარტამენტი", "Legislative Drafting Department"),
        ("საერთაშორისო სამართლებრივი ურთიერთობების დეპარტამენტი", "International Legal Relations Department"),
        ("სასჯელაღსრულების პოლიტიკის დეპარტამენტი", "Penitentiary Policy Department"))),
    ("MIA", "საქართველოს შინაგან საქმეთა სამინისტრო", "Ministry of Internal Affairs of Georgia", "mia.gov.ge", (
        ("საპატრულო პოლიციის დეპარტამენტი", "Patrol Police Department"),
        ("კრიმინალური პოლიციის დეპარტამენტი", "Criminal Police Department"),
        ("ანალიტიკური დეპარტამენტი", "Analytical Department"))),
    ("MES", "საქართველოს განათლებისა და მეცნიერების სამინისტრო", "Ministry of Education and Science of Georgia",
     "mes.gov.ge", (
        ("ზოგადი განათლების დეპარტამენტი", "General Education Department"),
        ("უმაღლესი განათლებისა და მეცნიერების დეპარტამენტი", "Higher Education and Science Department"),
        ("პროფესიული განათლების დეპარტამენტი", "Vocational Education Department"))),
    ("MOESD", "საქართველოს ეკონომიკისა და მდგრადი განვითარების სამინისტრო",
     "Ministry of Economy and Sustainable Development of Georgia", "economy.gov.ge", (
        ("ეკონომიკური პოლიტიკის დეპარტამენტი", "Economic Policy Department"),
        ("ვაჭრობისა და საგარეო ეკონომიკური ურთიერთობების დეპარტამენტი",
         "Trade and Foreign Economic Relations Department"),
        ("ენერგეტიკული პოლიტიკის დეპარტამენტი", "Energy Policy Department"),
        ("ტრანსპორტისა და ლოჯისტიკის დეპარტამენტი", "Transport and Logistics Department"))),
    ("MEPA", "საქართველოს გარემოს დაცვისა და სოფლის მეურნეობის სამინისტრო",
     "Ministry of Environmental Protection and Agriculture of Georgia", "mepa.gov.ge", (
        ("სოფლის მეურნეობის პოლიტიკის დეპარტამენტი", "Agricultural Policy Department"),
        ("გარემოსა და კლიმატის ცვლილების დეპარტამენტი", "Environment and Climate Change Department"),
        ("ბიომრავალფეროვნებისა და სატყეო დეპარტამენტი", "Biodiversity and Forestry Department"))),
    ("MFA", "საქართველოს საგარეო საქმეთა სამინისტრო", "Ministry of Foreign Affairs of Georgia", "mfa.gov.ge", (
        ("ევროპის დეპარტამენტი", "Department of Europe"),
        ("ამერიკის ქვეყნების დეპარტამენტი", "Department of the Americas"),
        ("საკონსულო დეპარტამენტი", "Consular Department"))),
    ("MOD", "საქართველოს თავდაცვის სამინისტრო", "Ministry of Defence of Georgia", "mod.gov.ge", (
        ("თავდაცვის პოლიტიკისა და დაგეგმვის დეპარტამენტი", "Defence Policy and Planning Department"),
        ("ლოჯისტიკის დეპარტამენტი", "Logistics Department"),
        ("სამხედრო განათლების დეპარტამენტი", "Military Education Department"))),
    ("MRDI", "საქართველოს რეგიონული განვითარებისა და ინფრასტრუქტურის სამინისტრო",
     "Ministry of Regional Development and Infrastructure of Georgia", "mrdi.gov.ge", (
        ("რეგიონული განვითარების დეპარტამენტი", "Regional Development Department"),
        ("ინფრასტრუქტურის პოლიტიკის დეპარტამენტი", "Infrastructure Policy Department"),
        ("სივრცითი დაგეგმარების დეპარტამენტი", "Spatial Planning Department"))),
    ("MOH", "საქართველოს ოკუპირებული ტერიტორიებიდან დევნილთა, შრომის, ჯანმრთელობისა და სოციალური დაცვის სამინისტრო",
     "Ministry of Internally Displaced Persons from the Occupied Territories, Labour, Health and Social Affairs "
     "of Georgia", "moh.gov.ge", (
        ("ჯანმრთელობის დაცვის დეპარტამენტი", "Health Care Department"),
        ("სოციალური დაცვის დეპარტამენტი", "Social Protection Department"),
        ("შრომისა და დასაქმების პოლიტიკის დეპარტამენტი", "Labour and Employment Policy Department"),
        ("დევნილთა საკითხების დეპარტამენტი", "Department of IDP Affairs"))),
    ("MCS", "საქართველოს კულტურისა და სპორტის სამინისტრო", "Ministry of Culture and Sport of Georgia",
     "mcs.gov.ge", (
        ("კულტურის პოლიტიკის დეპარტამენტი", "Culture Policy Department"),
        ("სპორტის დეპარტამენტი", "Sport Department"),
        ("კულტურული მემკვიდრეობის დეპარტამენტი", "Cultural Heritage Department"))),
    ("SMR", "საქართველოს შერიგებისა და სამოქალაქო თანასწორობის საკითხებში სახელმწიფო მინისტრის აპარატი",
     "Office of the State Minister of Georgia for Reconciliation and Civic Equality", "smr.gov.ge", (
        ("სამოქალაქო ინტეგრაციის დეპარტამენტი", "Civic Integration Department"),
        ("შერიგების პოლიტიკის დეპარტამენტი", "Reconciliation Policy Department"),
        ("ანალიტიკური დეპარტამენტი", "Analytical Department"))),
)

# Departments every ministry has, each with its own divisions; human resources comes first.
COMMON_DEPARTMENTS = (
    ("ადამიანური რესურსების მართვის დეპარტამენტი", "Human Resources Management Department", (
        ("შერჩევისა და დაქირავების სამმართველო", "Recruitment and Selection Division"),
        ("პროფესიული განვითარების სამმართველო", "Professional Development Division"),
        ("საქმიანობის შეფასების სამმართველო", "Performance Appraisal Division"),
        ("კადრების აღრიცხვის სამმართველო", "Personnel Records Division"))),
    ("ფინანსური დეპარტამენტი", "Finance Department", (
        ("ბიუჯეტის დაგეგმვის სამმართველო", "Budget Planning Division"),
        ("ბუღალტრული აღრიცხვის სამმართველო", "Accounting Division"),
        ("სახელმწიფო შესყიდვების სამმართველო", "Procurement Division"),
        ("ქონების მართვის სამმართველო", "Asset Management Division"))),
    ("იურიდიული დეპარტამენტი", "Legal Department", (
        ("სამართლებრივი ექსპერტიზის სამმართველო", "Legal Expertise Division"),
        ("სასამართლო წარმომადგენლობის სამმართველო", "Litigation Division"),
        ("ნორმატიული აქტების სამმართველო", "Regulatory Acts Division"))),
    ("ადმინისტრაციული დეპარტამენტი", "Administrative Department", (
        ("საქმისწარმოების სამმართველო", "Records Management Division"),
        ("ლოჯისტიკის სამმართველო", "Logistics Division"),
        ("მოქალაქეთა მომსახურების სამმართველო", "Citizen Services Division"))),
    ("ინფორმაციული ტექნოლოგიების დეპარტამენტი", "Information Technology Department", (
        ("სისტემების განვითარების სამმართველო", "Systems Development Division"),
        ("ინფრასტრუქტურისა და მხარდაჭერის სამმართველო", "Infrastructure and Support Division"),
        ("ინფორმაციული უსაფრთხოების სამმართველო", "Information Security Division"))),
    ("შიდა აუდიტის დეპარტამენტი", "Internal Audit Department", (
        ("ფინანსური აუდიტის სამმართველო", "Financial Audit Division"),
        ("შესაბამისობის აუდიტის სამმართველო", "Compliance Audit Division"))),
    ("სტრატეგიული დაგეგმვისა და საერთაშორისო ურთიერთობების დეპარტამენტი",
     "Strategic Planning and International Relations Department", (
        ("სტრატეგიული დაგეგმვის სამმართველო", "Strategic Planning Division"),
        ("მონიტორინგისა და შეფასების სამმართველო", "Monitoring and Evaluation Division"),
        ("საერთაშორისო ურთიერთობების სამმართველო", "International Relations Division"),
        ("დონორებთან კოორდინაციის სამმართველო", "Donor Coordination Division"))),
    ("საზოგადოებასთან ურთიერთობის დეპარტამენტი", "Public Relations Department", (
        ("მედიასთან ურთიერთობის სამმართველო", "Media Relations Division"),
        ("ციფრული კომუნიკაციის სამმართველო", "Digital Communications Division"))),
)

# Divisions of departments that bring no list of their own.
GENERIC_DIVISIONS = (
    ("პოლიტიკის შემუშავების სამმართველო", "Policy Development Division"),
    ("ანალიტიკური სამმართველო", "Analytical Division"),
    ("მონიტორინგის სამმართველო", "Monitoring Division"),
    ("კოორდინაციის სამმართველო", "Coordination Division"),
    ("პროგრამების მართვის სამმართველო", "Programme Management Division"),
    ("მეთოდოლოგიის სამმართველო", "Methodology Division"),
    ("რეგულირების სამმართველო", "Regulation Division"),
)

# Legal entities of public law and other agencies: parent ministry, code, names, core departments.
# The first few are kept even in a small demo (the M&E officer's account is scoped to the first).
AGENCIES = (
    ("MOF", "RS", "შემოსავლების სამსახური", "Revenue Service", (
        ("საგადასახადო აუდიტის დეპარტამენტი", "Tax Audit Department"),
        ("საბაჟო დეპარტამენტი", "Customs Department"))),
    ("MOJ", "PSH", "იუსტიციის სახლი", "Public Service Hall", (
        ("მომსახურების ხარისხის დეპარტამენტი", "Service Quality Department"),)),
    ("MEPA", "NFA", "სურსათის ეროვნული სააგენტო", "National Food Agency", (
        ("სურსათის უვნებლობის დეპარტამენტი", "Food Safety Department"),
        ("ვეტერინარიის დეპარტამენტი", "Veterinary Department"))),
    ("MOH", "SSA", "სოციალური მომსახურების სააგენტო", "Social Service Agency", (
        ("სოციალური დახმარების დეპარტამენტი", "Social Assistance Department"),)),
    ("MOJ", "NAPR", "საჯარო რეესტრის ეროვნული სააგენტო", "National Agency of Public Registry", (
        ("უძრავი ქონების რეგისტრაციის დეპარტამენტი", "Real Property Registration Department"),)),
    ("MOJ", "PSDA", "სახელმწიფო სერვისების განვითარების სააგენტო", "Public Service Development Agency", (
        ("სამოქალაქო აქტების რეგისტრაციის დეპარტამენტი", "Civil Acts Registration Department"),)),
    ("MIA", "EMS", "საგანგებო სიტუაციების მართვის სამსახური", "Emergency Management Service", (
        ("სახანძრო-სამაშველო დეპარტამენტი", "Fire and Rescue Department"),)),
    ("MIA", "SA", "მომსახურების სააგენტო", "Service Agency", (
        ("სატრანსპორტო საშუალებების რეგისტრაციის დეპარტამენტი", "Vehicle Registration Department"),)),
    ("MES", "NCEQE", "განათლების ხარისხის განვითარების ეროვნული ცენტრი",
     "National Center for Educational Quality Enhancement", (
        ("ავტორიზაციისა და აკრედიტაციის დეპარტამენტი", "Authorisation and Accreditation Department"),)),
    ("MES", "NAEC", "შეფასებისა და გამოცდების ეროვნული ცენტრი", "National Assessment and Examinations Center", (
        ("გამოცდების ორგანიზების დეპარტამენტი", "Examinations Department"),)),
    ("MOESD", "GNTA", "საქართველოს ტურიზმის ეროვნული ადმინისტრაცია", "Georgian National Tourism Administration", (
        ("ტურიზმის მარკეტინგის დეპარტამენტი", "Tourism Marketing Department"),)),
    ("MOESD", "TCSA", "ტექნიკური და სამშენებლო ზედამხედველობის სააგენტო",
     "Technical and Construction Supervision Agency", (
        ("სამშენებლო ზედამხედველობის დეპარტამენტი", "Construction Supervision Department"),)),
    ("MEPA", "NEA", "გარემოს ეროვნული სააგენტო", "National Environmental Agency", (
        ("ჰიდრომეტეოროლოგიის დეპარტამენტი", "Hydrometeorology Department"),)),
    ("MEPA", "RDA", "სოფლის განვითარების სააგენტო", "Rural Development Agency", (
        ("აგროპროექტების დეპარტამენტი", "Agricultural Projects Department"),)),
    ("MRDI", "RD", "საავტომობილო გზების დეპარტამენტი", "Roads Department", (
        ("გზების მშენებლობის დეპარტამენტი", "Road Construction Department"),)),
    ("MOH", "SESA", "დასაქმების ხელშეწყობის სახელმწიფო სააგენტო", "State Employment Support Agency", (
        ("დასაქმების პროგრამების დეპარტამენტი", "Employment Programmes Department"),)),
    ("MOH", "NCDC", "დაავადებათა კონტროლისა და საზოგადოებრივი ჯანმრთელობის ეროვნული ცენტრი",
     "National Center for Disease Control and Public Health", (
        ("ეპიდემიოლოგიური ზედამხედველობის დეპარტამენტი", "Epidemiological Surveillance Department"),)),
    ("MCS", "NACHP", "კულტურული მემკვიდრეობის დაცვის ეროვნული სააგენტო",
     "National Agency for Cultural Heritage Preservation", (
        ("ძეგლთა დაცვის დეპარტამენტი", "Monuments Protection Department"),)),
)

# Departments an agency may add after its core ones (the common ones are used too).
AGENCY_DEPARTMENTS = (
    ("მომსახურების მიწოდების დეპარტამენტი", "Service Delivery Department"),
    ("რეგიონული კოორდინაციის დეპარტამენტი", "Regional Coordination Department"),
)

# Territorial networks: owner (ministry or agency code), code, the regional office's name and
# the municipal branch's name ({gen}: Georgian genitive, {name}: English), and how heavily staffed.
# The first two (both ministries) have regional offices in every demo; the national-scale demo
# adds the others, with a branch in every municipality, until it has enough units.
NETWORKS = (
    ("MIA", "POL", "{gen} პოლიციის დეპარტამენტი", "{name} Police Department",
     "{gen} რაიონული სამმართველო", "{name} District Division", 3),
    ("MES", "ERC", "{gen} რეგიონული ოფისი", "{name} Regional Office",
     "{gen} საგანმანათლებლო რესურსცენტრი", "{name} Educational Resource Centre", 1),
    ("RS", "RSC", "{gen} რეგიონული დირექცია", "{name} Regional Directorate",
     "{gen} მომსახურების ცენტრი", "{name} Service Centre", 1),
    ("PSH", "PSHB", "{gen} რეგიონული სამმართველო", "{name} Regional Office",
     "{gen} იუსტიციის სახლი", "Public Service Hall, {name}", 1),
    ("NAPR", "REG", "{gen} სარეგისტრაციო სამსახური", "{name} Registration Service",
     "{gen} სარეგისტრაციო ოფისი", "{name} Registration Office", 1),
    ("SSA", "SOC", "{gen} რეგიონული სამსახური", "{name} Regional Service",
     "{gen} სოციალური მომსახურების ცენტრი", "{name} Social Service Centre", 1),
    ("NFA", "FOOD", "{gen} რეგიონული სამმართველო", "{name} Regional Division",
     "{gen} ზონალური სამსახური", "{name} Zonal Office", 1),
    ("EMS", "FIRE", "{gen} სამმართველო", "{name} Regional Division",
     "{gen} სახანძრო-სამაშველო განყოფილება", "{name} Fire and Rescue Unit", 2),
    ("RDA", "AGRO", "{gen} რეგიონული ოფისი", "{name} Regional Office",
     "{gen} საინფორმაციო-საკონსულტაციო ცენტრი", "{name} Information and Consultation Centre", 1),
    ("SESA", "EMP", "{gen} რეგიონული ოფისი", "{name} Regional Office",
     "{gen} დასაქმების ცენტრი", "{name} Employment Centre", 1),
    ("RD", "ROAD", "{gen} რეგიონული სამმართველო", "{name} Regional Division",
     "{gen} საგზაო სამსახური", "{name} Road Maintenance Unit", 1),
    ("MEPA", "ENV", "{gen} გარემოსდაცვითი ზედამხედველობის სამმართველო", "{name} Environmental Supervision Office",
     "{gen} ინსპექცია", "{name} Inspectorate", 1),
    ("MOD", "MILC", "{gen} სამხედრო კომისარიატი", "{name} Military Commissariat",
     "{gen} სამხედრო აღრიცხვის სამსახური", "{name} Military Registration Office", 1),
    ("NCDC", "PH", "{gen} რეგიონული ცენტრი", "{name} Regional Centre",
     "{gen} საზოგადოებრივი ჯანმრთელობის ცენტრი", "{name} Public Health Centre", 1),
    ("PSDA", "CIV", "{gen} რეგიონული სამსახური", "{name} Regional Service",
     "{gen} სამოქალაქო რეესტრის ოფისი", "{name} Civil Registry Office", 1),
)

# Regions (the English names of common.models.directory.REGIONS): ISO 3166-2 code, Georgian
# name and genitive, and the municipalities (Tbilisi: its districts), each name with its genitive.
# Abkhazia is left out: no territorial office of the central government works there.
REGION_DETAILS = {
    "Tbilisi": ("TB", "თბილისი", "თბილისის", (
        ("მთაწმინდა", "მთაწმინდის"), ("ვაკე", "ვაკის"), ("საბურთალო", "საბურთალოს"), ("კრწანისი", "კრწანისის"),
        ("ისანი", "ისნის"), ("სამგორი", "სამგორის"), ("ჩუღურეთი", "ჩუღურეთის"), ("დიდუბე", "დიდუბის"),
        ("ნაძალადევი", "ნაძალადევის"), ("გლდანი", "გლდანის"))),
    "Adjara": ("AJ", "აჭარა", "აჭარის", (
        ("ბათუმი", "ბათუმის"), ("ქობულეთი", "ქობულეთის"), ("ხელვაჩაური", "ხელვაჩაურის"), ("ქედა", "ქედის"),
        ("შუახევი", "შუახევის"), ("ხულო", "ხულოს"))),
    "Guria": ("GU", "გურია", "გურიის", (
        ("ოზურგეთი", "ოზურგეთის"), ("ლანჩხუთი", "ლანჩხუთის"), ("ჩოხატაური", "ჩოხატაურის"))),
    "Imereti": ("IM", "იმერეთი", "იმერეთის", (
        ("ქუთაისი", "ქუთაისის"), ("ბაღდათი", "ბაღდათის"), ("ვანი", "ვანის"), ("ზესტაფონი", "ზესტაფონის"),
        ("თერჯოლა", "თერჯოლის"), ("სამტრედია", "სამტრედიის"), ("საჩხერე", "საჩხერის"), ("ტყიბული", "ტყიბულის"),
        ("წყალტუბო", "წყალტუბოს"), ("ჭიათურა", "ჭიათურის"), ("ხარაგაული", "ხარაგაულის"), ("ხონი", "ხონის"))),
    "Kakheti": ("KA", "კახეთი", "კახეთის", (
        ("თელავი", "თელავის"), ("ახმეტა", "ახმეტის"), ("გურჯაანი", "გურჯაანის"), ("დედოფლისწყარო", "დედოფლისწყაროს"),
        ("ლაგოდეხი", "ლაგოდეხის"), ("საგარეჯო", "საგარეჯოს"), ("სიღნაღი", "სიღნაღის"), ("ყვარელი", "ყვარლის"))),
    "Kvemo Kartli": ("KK", "ქვემო ქართლი", "ქვემო ქართლის", (
        ("რუსთავი", "რუსთავის"), ("ბოლნისი", "ბოლნისის"), ("გარდაბანი", "გარდაბნის"), ("დმანისი", "დმანისის"),
        ("თეთრიწყარო", "თეთრიწყაროს"), ("მარნეული", "მარნეულის"), ("წალკა", "წალკის"))),
    "Mtskheta-Mtianeti": ("MM", "მცხეთა-მთიანეთი", "მცხეთა-მთიანეთის", (
        ("მცხეთა", "მცხეთის"), ("დუშეთი", "დუშეთის"), ("თიანეთი", "თიანეთის"), ("ყაზბეგი", "ყაზბეგის"))),
    "Racha-Lechkhumi and Kvemo Svaneti": ("RL", "რაჭა-ლეჩხუმი და ქვემო სვანეთი", "რაჭა-ლეჩხუმისა და ქვემო სვანეთის", (
        ("ამბროლაური", "ამბროლაურის"), ("ლენტეხი", "ლენტეხის"), ("ონი", "ონის"), ("ცაგერი", "ცაგერის"))),
    "Samegrelo-Zemo Svaneti": ("SZ", "სამეგრელო-ზემო სვანეთი", "სამეგრელო-ზემო სვანეთის", (
        ("ზუგდიდი", "ზუგდიდის"), ("ფოთი", "ფოთის"), ("აბაშა", "აბაშის"), ("მარტვილი", "მარტვილის"),
        ("მესტია", "მესტიის"), ("სენაკი", "სენაკის"), ("ჩხოროწყუ", "ჩხოროწყუს"), ("წალენჯიხა", "წალენჯიხის"),
        ("ხობი", "ხობის"))),
    "Samtskhe-Javakheti": ("SJ", "სამცხე-ჯავახეთი", "სამცხე-ჯავახეთის", (
        ("ახალციხე", "ახალციხის"), ("ადიგენი", "ადიგენის"), ("ასპინძა", "ასპინძის"), ("ახალქალაქი", "ახალქალაქის"),
        ("ბორჯომი", "ბორჯომის"), ("ნინოწმინდა", "ნინოწმინდის"))),
    "Shida Kartli": ("SK", "შიდა ქართლი", "შიდა ქართლის", (
        ("გორი", "გორის"), ("კასპი", "კასპის"), ("ქარელი", "ქარელის"), ("ხაშური", "ხაშურის"))),
}

# code, Georgian title, English title, rank (I highest), category, employment type.
POSITIONS = (
    ("P-MIN", "მინისტრი", "Minister", 1, "political official", "political"),
    ("P-DMIN", "მინისტრის მოადგილე", "Deputy Minister", 1, "political official", "political"),
    ("P-AHEAD", "სააგენტოს ხელმძღვანელი", "Head of Agency", 1, "senior management", "professional"),
    ("P-ADEP", "სააგენტოს ხელმძღვანელის მოადგილე", "Deputy Head of Agency", 1, "senior management", "professional"),
    ("P-HDEP", "დეპარტამენტის უფროსი", "Head of Department", 1, "senior management", "professional"),
    ("P-DDEP", "დეპარტამენტის უფროსის მოადგილე", "Deputy Head of Department", 1, "senior management",
     "professional"),
    ("P-HREG", "რეგიონული ერთეულის ხელმძღვანელი", "Head of Regional Office", 1, "senior management", "professional"),
    ("P-HDIV", "სამმართველოს უფროსი", "Head of Division", 2, "middle management", "professional"),
    ("P-DDIV", "სამმართველოს უფროსის მოადგილე", "Deputy Head of Division", 2, "middle management", "professional"),
    ("P-CSP", "მთავარი სპეციალისტი", "Chief Specialist", 2, "specialist", "professional"),
    ("P-SSP1", "I კატეგორიის უფროსი სპეციალისტი", "Senior Specialist, First Category", 3, "specialist",
     "professional"),
    ("P-SSP2", "II კატეგორიის უფროსი სპეციალისტი", "Senior Specialist, Second Category", 3, "specialist",
     "professional"),
    ("P-SSP3", "III კატეგორიის უფროსი სპეციალისტი", "Senior Specialist, Third Category", 3, "specialist",
     "professional"),
    ("P-JSP", "უმცროსი სპეციალისტი", "Junior Specialist", 4, "specialist", "professional"),
    ("P-ADV", "მინისტრის მრჩეველი", "Adviser to the Minister", 2, "administrative contract", "administrative"),
    ("P-AST", "მინისტრის თანაშემწე", "Assistant to the Minister", 4, "administrative contract", "administrative"),
    ("P-OFM", "ოფის-მენეჯერი", "Office Manager", 4, "support staff", "contract"),
    ("P-DRV", "მძღოლი", "Driver", 4, "support staff", "contract"),
)

# Older people in the higher ranks; everyone born 1960-2001.
BIRTH_YEARS_BY_RANK = {1: (1960, 1984), 2: (1962, 1991), 3: (1965, 1998), 4: (1968, 2001)}

# Who fills the posts that are not the head's: position code and relative frequency.
SPECIALIST_MIX = (("P-CSP", 12), ("P-SSP1", 18), ("P-SSP2", 20), ("P-SSP3", 20), ("P-JSP", 16), ("P-OFM", 3),
                  ("P-DRV", 3))
MINISTER_OFFICE_MIX = (("P-ADV", 4), ("P-AST", 3), ("P-CSP", 2), ("P-DRV", 1))

# code, Georgian name, English name, Georgian description, English description.
COMPETENCIES = (
    ("INTEGRITY", "კეთილსინდისიერება", "Integrity",
     "მოქმედებს პატიოსნად, მიუკერძოებლად და საჯარო სამსახურის ეთიკის ნორმების დაცვით.",
     "Acts honestly and impartially and keeps to the civil service code of ethics."),
    ("PROF-KNOWLEDGE", "პროფესიული ცოდნა", "Professional knowledge",
     "ფლობს თანამდებობისთვის საჭირო ცოდნას და მუდმივად აღრმავებს მას.",
     "Has the knowledge the post requires and keeps it up to date."),
    ("COMMUNICATION", "კომუნიკაცია", "Communication",
     "ნათლად გადმოსცემს ინფორმაციას ზეპირად და წერილობით, ისმენს სხვებს.",
     "Conveys information clearly in speech and writing, and listens to others."),
    ("TEAMWORK", "გუნდური მუშაობა", "Teamwork",
     "თანამშრომლობს კოლეგებთან, უზიარებს ცოდნას და მხარს უჭერს საერთო მიზნებს.",
     "Works with colleagues, shares knowledge and supports shared goals."),
    ("LEADERSHIP", "ლიდერობა", "Leadership",
     "აძლევს გუნდს მიმართულებას, ამოტივირებს და ავითარებს თანამშრომლებს.",
     "Gives the team direction, motivates and develops staff."),
    ("DECISIONS", "გადაწყვეტილების მიღება", "Decision making",
     "იღებს დასაბუთებულ და დროულ გადაწყვეტილებებს და იღებს მათზე პასუხისმგებლობას.",
     "Takes well-founded, timely decisions and owns them."),
    ("PLANNING", "დაგეგმვა და ორგანიზება", "Planning and organising",
     "გეგმავს სამუშაოს, ადგენს პრიორიტეტებს და იყენებს რესურსებს ეფექტიანად.",
     "Plans work, sets priorities and uses resources well."),
    ("DIGITAL", "ციფრული წიგნიერება", "Digital literacy",
     "თავდაჯერებულად იყენებს ციფრულ ინსტრუმენტებსა და ელექტრონულ სერვისებს.",
     "Uses digital tools and e-services with confidence."),
    ("INFOSEC", "ინფორმაციული უსაფრთხოების ცნობიერება", "Information security awareness",
     "იცავს პერსონალურ მონაცემებსა და ინფორმაციულ აქტივებს, ამოიცნობს საფრთხეებს.",
     "Protects personal data and information assets and recognises threats."),
    ("CUSTOMER", "მოქალაქეზე ორიენტირებულობა", "Customer orientation",
     "ემსახურება მოქალაქეებს თავაზიანად, ეფექტიანად და მათი საჭიროებების გათვალისწინებით.",
     "Serves citizens courteously and efficiently, with their needs in mind."),
    ("ANALYSIS", "ანალიტიკური აზროვნება", "Analytical thinking",
     "აანალიზებს მონაცემებს, ავლენს კანონზომიერებებს და აკეთებს დასაბუთებულ დასკვნებს.",
     "Analyses data, finds patterns and draws sound conclusions."),
    ("CHANGE", "ცვლილებების მართვა", "Change management",
     "მხარს უჭერს და ხელმძღვანელობს ცვლილებებს, ეხმარება სხვებს ახალ მოთხოვნებთან ადაპტაციაში.",
     "Supports and leads change and helps others adapt to new demands."),
)

# What each demo account is, for the sign-in table ``flask demo`` prints.
DEMO_ACCOUNT_NOTES = {
    "admin@demo.gov.ge": "system administrator", "hr@demo.gov.ge": "HR officer",
    "manager@demo.gov.ge": "head of division, manager", "employee@demo.gov.ge": "civil servant",
    "me@demo.gov.ge": "M&E officer", "approver@demo.gov.ge": "M&E approver",
    "learning@demo.gov.ge": "learning administrator", "auditor@demo.gov.ge": "auditor",
}
