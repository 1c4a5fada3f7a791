"""Invented names and offers for the demo directory (providers.demo). None of these providers exists;
every name ends "(demo)" so nobody mistakes one for a real provider.
"""

from providers.models import Programme, Provider

T = Provider.ProviderType
V = Programme.VocationalArea
A = Programme.Accreditation
P = Programme.DeliveryPattern

# How many new providers of each type the demo adds to those already in the area. An area's
# pupil referral units are real (the demo area's come from the DfE school list), so none is
# invented unless the area has none.
NEW_PROVIDERS = {
    T.PRU: 0,
    T.AP_ACADEMY: 3,
    T.AP_FREE_SCHOOL: 2,
    T.INDEPENDENT_SCHOOL: 5,
    T.UNREGISTERED: 10,
    T.FE_COLLEGE: 3,
    T.TUITION: 6,
    T.WORK_BASED: 5,
    T.RESOURCE_BASE: 4,
}

PLACES = (
    "Mersey",
    "Longford",
    "Sale Water",
    "Davyhulme",
    "Flixton",
    "Timperley",
    "Bowdon",
    "Partington",
    "Carrington",
    "Stamford",
    "Gorse Hill",
    "Ashton",
    "Brooklands",
    "Broadheath",
    "Hale Barns",
    "Dunham",
    "Warburton",
    "Lostock",
    "Kingsway",
    "Firswood",
    "Woodhouse",
    "Urmston Meadow",
    "Old Trafford",
    "Seymour",
    "Barton",
    "Irlam Gate",
)
SUFFIXES = {
    T.PRU: ("Pupil Referral Unit", "Short Stay School"),
    T.AP_ACADEMY: ("Academy", "AP Academy", "Learning Academy"),
    T.AP_FREE_SCHOOL: ("Free School", "Studio School"),
    T.INDEPENDENT_SCHOOL: ("House School", "Independent School", "Learning Centre"),
    T.UNREGISTERED: (
        "Motor Project",
        "Farm",
        "Boxing Academy",
        "Hair Studio",
        "Youth Project",
        "Forest School",
        "Build Skills",
        "Kitchen Project",
        "Bike Works",
        "Creative Arts",
    ),
    T.FE_COLLEGE: ("College", "College 14-16 Centre"),
    T.TUITION: ("Tuition", "Tutors", "Home Learning Service", "Online Academy"),
    T.WORK_BASED: ("Works Placements", "Garden Centre Placements", "Community Trades", "Stables"),
    T.RESOURCE_BASE: ("Inclusion Base", "Learning Hub", "Nurture Base"),
}
HOST_AUTHORITIES = ("Manchester", "Salford", "Stockport", "Cheshire East", "Wigan")
STREETS = (
    "Chester Road",
    "Moss Lane",
    "Church Road",
    "Station Road",
    "Park Road",
    "Manor Avenue",
    "Mill Lane",
    "Canal Bank",
    "Barton Road",
    "Washway Road",
    "Crofts Bank Road",
    "Stamford New Road",
)
TOWNS = {
    "North": ("Stretford", "M32"),
    "Central": ("Sale", "M33"),
    "South": ("Altrincham", "WA14"),
    "West": ("Urmston", "M41"),
}
OUT_OF_AREA_TOWNS = {"Manchester": "M15", "Salford": "M5", "Stockport": "SK4", "Cheshire East": "SK9", "Wigan": "WN1"}
FIRST_NAMES = (
    "Sam",
    "Priya",
    "Joe",
    "Aisha",
    "Kate",
    "Tom",
    "Nadia",
    "Liam",
    "Grace",
    "Omar",
    "Ruth",
    "Dev",
    "Hannah",
    "Marcus",
    "Zainab",
    "Chris",
    "Ellie",
    "Yusuf",
    "Megan",
    "Pete",
)
SURNAMES = (
    "Holt",
    "Begum",
    "Walsh",
    "Nowak",
    "Ahmed",
    "Brennan",
    "Clarke",
    "Okoye",
    "Patel",
    "Fletcher",
    "Greenwood",
    "Iqbal",
    "Moran",
    "Singh",
    "Whittaker",
    "Doyle",
)

AGES = {
    T.PRU: (11, 16),
    T.AP_ACADEMY: (11, 16),
    T.AP_FREE_SCHOOL: (11, 16),
    T.INDEPENDENT_SCHOOL: (8, 16),
    T.UNREGISTERED: (13, 16),
    T.FE_COLLEGE: (14, 19),
    T.TUITION: (5, 16),
    T.WORK_BASED: (14, 16),
    T.RESOURCE_BASE: (5, 11),
}
SETTING_TYPES = {T.UNREGISTERED: "OTH", T.TUITION: "OOT", T.WORK_BASED: "WBP"}
REGISTERED_TYPES = (T.PRU, T.AP_ACADEMY, T.AP_FREE_SCHOOL, T.INDEPENDENT_SCHOOL, T.RESOURCE_BASE)

# (name, vocational area, accreditation, detail, English and maths, delivery pattern) per kind of provider.
OFFERS = {
    "school": [
        ("Full-time KS3 curriculum", V.ACADEMIC, A.GCSE, "GCSE English, maths and science", True, P.FULL_TIME),
        ("Full-time KS4 curriculum", V.ACADEMIC, A.GCSE, "GCSEs and functional skills", True, P.FULL_TIME),
        ("Nurture group", V.PERSONAL, A.UNIT_AWARD, "AQA Unit Award Scheme", True, P.GROUP),
        ("Outreach in mainstream", V.PERSONAL, A.NONE, "", False, P.SESSIONAL),
        (
            "Vocational options",
            V.CONSTRUCTION,
            A.VOCATIONAL,
            "City & Guilds Level 1 construction skills",
            True,
            P.PART_TIME,
        ),
    ],
    "vocational": [
        ("Motor vehicle maintenance", V.MOTOR_VEHICLE, A.VOCATIONAL, "IMI Level 1 award", False, P.PART_TIME),
        ("Construction skills", V.CONSTRUCTION, A.VOCATIONAL, "CSCS-ready Level 1 certificate", True, P.PART_TIME),
        ("Hair and beauty", V.HAIR_BEAUTY, A.VOCATIONAL, "VTCT Level 1 hair and beauty", False, P.PART_TIME),
        ("Animal care", V.ANIMAL_CARE, A.UNIT_AWARD, "AQA Unit Award Scheme", False, P.GROUP),
        ("Horticulture", V.HORTICULTURE, A.VOCATIONAL, "RHS Level 1 award", False, P.GROUP),
        ("Sport and fitness", V.SPORT, A.UNIT_AWARD, "Sports Leaders award", False, P.SESSIONAL),
        ("Catering", V.CATERING, A.VOCATIONAL, "Level 1 food hygiene and cookery", True, P.PART_TIME),
        ("Music and media", V.CREATIVE_ARTS, A.UNIT_AWARD, "Arts Award Bronze", False, P.SESSIONAL),
        ("Mentoring and boxing", V.PERSONAL, A.NONE, "", False, P.ONE_TO_ONE),
        ("Outdoor learning", V.OUTDOOR, A.UNIT_AWARD, "John Muir Award", False, P.GROUP),
    ],
    "tuition": [
        (
            "One-to-one English and maths",
            V.ACADEMIC,
            A.FUNCTIONAL_SKILLS,
            "Functional skills entry level 3 to level 2",
            True,
            P.ONE_TO_ONE,
        ),
        ("GCSE tuition", V.ACADEMIC, A.GCSE, "GCSE English language and maths", True, P.ONE_TO_ONE),
        ("Online small-group lessons", V.DIGITAL, A.FUNCTIONAL_SKILLS, "Functional skills ICT", True, P.GROUP),
    ],
    "college": [
        ("14-16 vocational programme", V.CONSTRUCTION, A.VOCATIONAL, "BTEC Level 1 introductory", True, P.PART_TIME),
        ("Health and social care taster", V.CARE, A.VOCATIONAL, "Level 1 certificate", True, P.PART_TIME),
        ("Digital skills", V.DIGITAL, A.VOCATIONAL, "Level 1 IT user skills", True, P.PART_TIME),
    ],
    "work": [
        ("Supported work placement", V.BUSINESS, A.UNIT_AWARD, "Work experience unit award", False, P.ONE_TO_ONE),
        ("Trades placement", V.CONSTRUCTION, A.NONE, "", False, P.PART_TIME),
        ("Retail placement", V.BUSINESS, A.NONE, "", False, P.PART_TIME),
    ],
}
OFFER_KIND = {
    T.PRU: "school",
    T.AP_ACADEMY: "school",
    T.AP_FREE_SCHOOL: "school",
    T.INDEPENDENT_SCHOOL: "school",
    T.RESOURCE_BASE: "school",
    T.UNREGISTERED: "vocational",
    T.TUITION: "tuition",
    T.FE_COLLEGE: "college",
    T.WORK_BASED: "work",
}
# (places range, price per place a year in pounds range, price per day, price per session)
PRICES = {
    "school": ((10, 40), (16_000, 24_000), (90, 140), None),
    "vocational": ((4, 12), None, (80, 150), (45, 80)),
    "tuition": ((6, 20), None, None, (35, 70)),
    "college": ((10, 30), (6_000, 9_000), (55, 90), None),
    "work": ((2, 8), None, (60, 110), (30, 55)),
}
CONCERNS = (
    ("quality", "Pupils sent home early", "Two pupils were sent home before midday without the school being told."),
    (
        "safeguarding",
        "Staff member without a DBS check",
        "A new member of staff worked with pupils before the DBS check came back.",
    ),
    ("quality", "Registers submitted late", "Registers have been submitted a day late for three weeks."),
    ("safeguarding", "Site gate left unlocked", "The site gate was unlocked during sessions on a visit."),
    (
        "quality",
        "No English and maths taught",
        "The programme said English and maths were taught; pupils say they are not.",
    ),
)
EVIDENCE = (
    "Observed two sessions; checked the single central record and risk assessments; spoke to the manager and two staff.",
    "Learning walk of all groups; reviewed attendance records and three pupils' plans; met the safeguarding lead.",
    "Observed practical session; sampled work folders; checked first aid and fire records.",
)
PUPIL_VOICE = (
    "Pupils said staff listen to them and they like the practical work.",
    "Pupils said they feel safe but want more say in what they learn.",
    "Pupils said the sessions help them and they would recommend it to friends.",
)
ACTIONS = (
    "Update the behaviour policy and share it with commissioners",
    "Send registers to the home school by 10am every day",
    "Record progress against each pupil's targets half-termly",
    "Complete fire drill records for this term",
    "Add English and maths to the timetable for every pupil",
)
