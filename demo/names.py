"""Invented names for demo pupils. Forenames and surnames are drawn independently, so every pupil is fictional."""

# fmt: off

FEMALE_FORENAMES = (
    "Aaliyah", "Abigail", "Aisha", "Alice", "Amara", "Amelia", "Anya", "Ava", "Bethany", "Brooke", "Chantelle",
    "Chloe", "Daisy", "Ella", "Ellie", "Emily", "Erin", "Esme", "Evie", "Fatima", "Florence", "Freya", "Georgia",
    "Grace", "Hafsa", "Hannah", "Harper", "Hollie", "Imogen", "Isla", "Jade", "Jessica", "Kacey", "Katie", "Keira",
    "Lacey", "Layla", "Leah", "Lily", "Maisie", "Maria", "Maryam", "Megan", "Mia", "Millie", "Molly", "Nadia",
    "Niamh", "Olivia", "Oliwia", "Paige", "Phoebe", "Poppy", "Priya", "Rosie", "Ruby", "Safa", "Scarlett", "Sienna",
    "Skye", "Sofia", "Summer", "Tia", "Zainab", "Zara", "Zuzanna",
)
MALE_FORENAMES = (
    "Aaron", "Adam", "Alfie", "Ali", "Archie", "Arjun", "Ayaan", "Bailey", "Ben", "Bilal", "Brandon", "Callum",
    "Charlie", "Connor", "Corey", "Daniel", "Declan", "Dylan", "Ethan", "Finley", "Freddie", "George", "Hamza",
    "Harley", "Harrison", "Harry", "Harvey", "Ibrahim", "Isaac", "Jack", "Jacob", "Jake", "Jamal", "Jayden", "Joel",
    "Jordan", "Josh", "Kai", "Kacper", "Kayden", "Kian", "Kyle", "Leo", "Lewis", "Liam", "Logan", "Louie", "Luca",
    "Mason", "Max", "Mohammed", "Muhammad", "Nathan", "Noah", "Oliver", "Oscar", "Reece", "Riley", "Rhys", "Ryan",
    "Sam", "Taylor", "Theo", "Tyler", "Usman", "Yusuf", "Zain",
)
SURNAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Akhtar", "Ali", "Allen", "Ashton", "Atkinson", "Bailey", "Banks", "Barker",
    "Barlow", "Begum", "Bell", "Bennett", "Bibi", "Booth", "Bradshaw", "Brennan", "Brooks", "Brown", "Burke",
    "Butler", "Byrne", "Campbell", "Carroll", "Carter", "Chadwick", "Chowdhury", "Clarke", "Collins", "Connolly",
    "Cooper", "Cox", "Crossley", "Davies", "Dawson", "Doherty", "Donnelly", "Duffy", "Edwards", "Evans", "Farrell",
    "Fletcher", "Foster", "Gallagher", "Gibson", "Gordon", "Graham", "Greenhalgh", "Hall", "Hamilton", "Hargreaves",
    "Harris", "Hassan", "Hayes", "Heywood", "Hill", "Holt", "Howarth", "Hughes", "Hussain", "Iqbal", "Jackson",
    "James", "Johnson", "Jones", "Kaur", "Kelly", "Kennedy", "Khan", "King", "Kowalczyk", "Lees", "Lewis",
    "Lomax", "Lynch", "Mahmood", "Malik", "Marsden", "Martin", "Mason", "McDonald", "McGrath", "Mensah", "Mitchell",
    "Moore", "Morris", "Murphy", "Nolan", "Nowak", "Nwosu", "O'Brien", "O'Neill", "Okeke", "Owen", "Parker",
    "Patel", "Pearson", "Quinn", "Rahman", "Rashid", "Reid", "Riley", "Roberts", "Robinson", "Rogers", "Rowe",
    "Ryan", "Shah", "Sharma", "Shaw", "Singh", "Smith", "Stewart", "Sutcliffe", "Taylor", "Thompson", "Turner",
    "Walker", "Walsh", "Ward", "Watson", "Whittaker", "Wilkinson", "Williams", "Wilson", "Wood", "Wright",
    "Wiśniewski", "Yates", "Young",
)
# fmt: on
