"""Frequency tables the population draws names and places from (issue 18).

**Given names of children, by birth cohort** — the leading names for each five-year cohort,
in rank order, compiled from the Office for National Statistics' annual release *Baby names
in England and Wales* (tables of the top 100 boys' and girls' names by year, 1996-2024; Open
Government Licence). The table keeps each cohort's leading 50 names as ranked over its years;
the ONS counts themselves are not copied: a name's weight is ``1 / (rank + 20) ** 0.7`` (a
flat Zipf curve that gives the top names of a recent cohort about the share the ONS counts
give them, 1.5-2 % of births, and the top ten about 15 %). 45 % of a cohort's children take
a name from its own table, the rest a name from any cohort (``TAIL_SHARE``), so a 2018 birth is
Olivia or Noah far more often than Chloe or Jack, and never Gillian or Ronald.

**Family names** — Faker's ``en_GB`` surnames carry frequencies (per cent of people in
England and Wales: Smith 1.15, Jones 0.94, ...); a long tail of Irish surnames (Faker
``en_IE``) and of English locative surnames made from common elements (Ash+worth, Brad+shaw,
Hol+croft: the Lancashire and Yorkshire pattern) take the rest, so Smith is about 1.3 % of the
white British group, as in England.

**Area** — each local authority mixes name groups in shares rounded from the 2021 Census
ethnic-group shares of its residents under 18 (Bolton and Bury with large Pakistani and
Indian Gujarati Muslim communities, Leeds and Newcastle more Black African and Eastern
European families, Wigan mostly white British). These are approximations for realism, not
statistics to quote.
"""

from __future__ import annotations

# -- children's given names by birth cohort (ONS ranks; first year of each cohort) ---------

COHORT_GIRLS: dict[int, tuple[str, ...]] = {
    2000: ("Chloe", "Emily", "Megan", "Jessica", "Sophie", "Lauren", "Charlotte", "Hannah",
           "Olivia", "Ellie", "Amy", "Lucy", "Rebecca", "Bethany", "Katie", "Emma", "Georgia",
           "Holly", "Abigail", "Grace", "Molly", "Jade", "Laura", "Shannon", "Caitlin",
           "Eleanor", "Amelia", "Elizabeth", "Leah", "Courtney", "Ella", "Sarah", "Mia",
           "Jasmine", "Paige", "Rachel", "Samantha", "Abbie", "Danielle", "Niamh", "Millie",
           "Zoe", "Lily", "Isabel", "Alice", "Phoebe", "Erin", "Kirsty", "Natasha", "Louise"),
    2005: ("Olivia", "Ruby", "Emily", "Grace", "Jessica", "Chloe", "Sophie", "Lily", "Amelia",
           "Evie", "Ella", "Katie", "Ellie", "Charlotte", "Mia", "Hannah", "Megan", "Isabella",
           "Lucy", "Holly", "Isabelle", "Lauren", "Sophia", "Abigail", "Molly", "Daisy",
           "Freya", "Erin", "Madison", "Millie", "Amy", "Leah", "Poppy", "Eleanor", "Caitlin",
           "Jasmine", "Paige", "Phoebe", "Emma", "Isla", "Summer", "Niamh", "Bethany",
           "Georgia", "Alice", "Scarlett", "Rebecca", "Layla", "Eva", "Zara"),
    2010: ("Amelia", "Olivia", "Lily", "Emily", "Sophie", "Jessica", "Isla", "Ava", "Isabella",
           "Poppy", "Mia", "Ruby", "Ella", "Grace", "Evie", "Chloe", "Sophia", "Isabelle",
           "Freya", "Charlotte", "Daisy", "Phoebe", "Millie", "Sienna", "Scarlett", "Lucy",
           "Evelyn", "Alice", "Holly", "Ellie", "Megan", "Layla", "Erin", "Matilda", "Imogen",
           "Elsie", "Florence", "Harriet", "Emma", "Hannah", "Jasmine", "Summer", "Eva",
           "Lola", "Rosie", "Maisie", "Lilly", "Bella", "Willow", "Eleanor"),
    2015: ("Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Lily", "Mia", "Isabella",
           "Grace", "Poppy", "Ella", "Evie", "Charlotte", "Isabelle", "Freya", "Florence",
           "Daisy", "Sienna", "Willow", "Ivy", "Evelyn", "Alice", "Phoebe", "Rosie", "Matilda",
           "Elsie", "Sofia", "Millie", "Harper", "Jessica", "Ruby", "Scarlett", "Layla",
           "Emilia", "Eva", "Maya", "Bella", "Esme", "Erin", "Chloe", "Aria", "Lucy", "Mila",
           "Imogen", "Sophie", "Harriet", "Thea", "Holly", "Lola"),
    2020: ("Olivia", "Amelia", "Isla", "Lily", "Ava", "Freya", "Ivy", "Florence", "Willow",
           "Evie", "Mia", "Isabella", "Sophia", "Elsie", "Grace", "Poppy", "Ella", "Rosie",
           "Evelyn", "Millie", "Daisy", "Sienna", "Harper", "Bonnie", "Maya", "Delilah",
           "Luna", "Phoebe", "Margot", "Mila", "Ada", "Matilda", "Aurora", "Emily", "Maisie",
           "Alice", "Esme", "Hallie", "Sofia", "Arabella", "Eliza", "Lottie", "Thea",
           "Penelope", "Violet", "Ruby", "Isabelle", "Iris", "Eva", "Orla"),
}

COHORT_BOYS: dict[int, tuple[str, ...]] = {
    2000: ("Jack", "Thomas", "Joshua", "James", "Daniel", "Harry", "Samuel", "Joseph",
           "Matthew", "Callum", "Luke", "William", "Lewis", "Oliver", "Ryan", "Benjamin",
           "George", "Liam", "Jordan", "Adam", "Alexander", "Jake", "Connor", "Cameron",
           "Nathan", "Kieran", "Mohammed", "Jamie", "Jacob", "Michael", "Ben", "Ethan",
           "Charlie", "Bradley", "Brandon", "Aaron", "Max", "Dylan", "Kyle", "Reece", "Robert",
           "Christopher", "David", "Edward", "Charles", "Owen", "Louis", "Alfie", "Tyler",
           "Rhys"),
    2005: ("Jack", "Thomas", "Oliver", "Joshua", "Harry", "Charlie", "Daniel", "William",
           "James", "Alfie", "Samuel", "George", "Joseph", "Benjamin", "Ethan", "Lewis",
           "Mohammed", "Jake", "Dylan", "Jacob", "Luke", "Callum", "Alexander", "Matthew",
           "Ryan", "Adam", "Tyler", "Liam", "Max", "Harvey", "Cameron", "Nathan", "Jamie",
           "Connor", "Kieran", "Owen", "Logan", "Finley", "Archie", "Noah", "Leo", "Kyle",
           "Muhammad", "Riley", "Lucas", "Joe", "Aaron", "Reece", "Louis", "Henry"),
    2010: ("Oliver", "Jack", "Harry", "Jacob", "Charlie", "Thomas", "Alfie", "Riley",
           "William", "James", "Joshua", "George", "Ethan", "Noah", "Samuel", "Daniel",
           "Oscar", "Max", "Muhammad", "Leo", "Tyler", "Joseph", "Archie", "Lucas", "Henry",
           "Dylan", "Mohammed", "Logan", "Isaac", "Alexander", "Jayden", "Lewis", "Harrison",
           "Jake", "Finley", "Freddie", "Theo", "Edward", "Benjamin", "Mason", "Luke",
           "Harvey", "Ryan", "Adam", "Toby", "Sebastian", "Matthew", "Arthur", "Liam",
           "Teddy"),
    2015: ("Oliver", "Harry", "George", "Noah", "Jack", "Jacob", "Leo", "Oscar", "Charlie",
           "Muhammad", "Alfie", "Thomas", "William", "Henry", "Freddie", "Joshua", "Archie",
           "James", "Ethan", "Arthur", "Theo", "Isaac", "Alexander", "Joseph", "Lucas",
           "Logan", "Edward", "Harrison", "Samuel", "Max", "Mohammed", "Teddy", "Daniel",
           "Finley", "Sebastian", "Dylan", "Adam", "Jaxon", "Reuben", "Tommy", "Toby", "Riley",
           "Rory", "Hugo", "Elijah", "Albie", "Louie", "Mason", "Ronnie", "Luca"),
    2020: ("Muhammad", "Noah", "Oliver", "George", "Leo", "Arthur", "Oscar", "Theodore",
           "Freddie", "Theo", "Archie", "Henry", "Jack", "Charlie", "Finley", "Alfie", "Luca",
           "Thomas", "Jude", "Teddy", "Lucas", "Isaac", "Tommy", "Albie", "Roman", "Hudson",
           "Harry", "Reggie", "Rory", "Arlo", "Elijah", "Ezra", "Jacob", "William", "Ronnie",
           "Louie", "Hugo", "Max", "Harrison", "James", "Joshua", "Edward", "Toby", "Ralph",
           "Grayson", "Jaxon", "Reuben", "Sonny", "Joseph", "Mohammed"),
}

TAIL_SHARE = 0.55  # children named from the union of every cohort's table

MIDDLE_GIRLS = ("Rose", "Grace", "Mae", "May", "Louise", "Elizabeth", "Marie", "Jane", "Anne",
                "Lily", "Olivia", "Isabella", "Victoria", "Jessica", "Amelia", "Hope", "Faith",
                "Alice", "Florence", "Ann")
MIDDLE_BOYS = ("James", "John", "William", "Thomas", "Alexander", "David", "Michael", "Lee",
               "George", "Edward", "Robert", "Jack", "Anthony", "Peter", "Joseph", "Daniel",
               "Paul", "Christopher", "Henry", "Arthur")

# Adults: the parents' generation (born about 1975-2000) and the grandparents' (1945-1975).
PARENT_WOMEN = ("Sarah", "Laura", "Emma", "Gemma", "Claire", "Rebecca", "Lisa", "Kelly",
                "Nicola", "Michelle", "Stacey", "Amy", "Hannah", "Jennifer", "Samantha",
                "Rachel", "Charlotte", "Katie", "Jade", "Danielle", "Natalie", "Leanne",
                "Hayley", "Victoria", "Lauren", "Zoe", "Kirsty", "Joanne", "Donna", "Amanda",
                "Louise", "Helen", "Sophie", "Jessica", "Holly", "Jodie", "Emily", "Stephanie",
                "Lucy", "Kerry")
PARENT_MEN = ("David", "Paul", "Mark", "Andrew", "Michael", "Christopher", "Daniel", "James",
              "Lee", "Craig", "Darren", "Stephen", "Matthew", "Richard", "Jamie", "Thomas",
              "Adam", "Ryan", "Robert", "Wayne", "Scott", "Gary", "Jonathan", "Carl", "Anthony",
              "Dean", "Simon", "Neil", "Liam", "Ben", "Ashley", "Kevin", "Jason", "Stuart",
              "Martin", "Jack", "Joshua", "Luke", "Nathan", "Sam")
ELDER_WOMEN = ("Susan", "Linda", "Christine", "Margaret", "Janet", "Patricia", "Carol",
               "Elaine", "Julie", "Karen", "Jacqueline", "Sandra", "Pauline", "Lorraine",
               "Gillian", "Angela", "Denise", "Diane", "Wendy", "Tracey", "Dawn", "Beverley")
ELDER_MEN = ("David", "John", "Peter", "Michael", "Alan", "Robert", "Stephen", "Paul",
             "Brian", "Keith", "Graham", "Ian", "Kenneth", "Anthony", "Trevor", "Colin",
             "Barry", "Ronald", "Terence", "Philip", "Geoffrey", "Raymond")

# -- known-as names (what people are called, not a rule on letters) --------------------------

NICKNAMES: dict[str, tuple[str, ...]] = {
    "Alexander": ("Alex", "Xander"), "Alexandra": ("Alex", "Lexi"), "Benjamin": ("Ben",),
    "Charlotte": ("Lottie", "Charlie"), "Christopher": ("Chris",), "Daniel": ("Dan", "Danny"),
    "Edward": ("Ed", "Eddie", "Ted"), "Eleanor": ("Ellie", "Nell"), "Elizabeth": ("Beth",
    "Libby", "Lizzie", "Eliza"), "Frederick": ("Freddie",), "Gabriel": ("Gabe",),
    "Harriet": ("Hattie",), "Isabella": ("Bella", "Izzy"), "Isabelle": ("Izzy", "Belle"),
    "Jessica": ("Jess",), "Joseph": ("Joe", "Joey"), "Joshua": ("Josh",), "Katherine":
    ("Kate", "Katie"), "Matilda": ("Tilly",), "Matthew": ("Matt",), "Michael": ("Mike",
    "Mikey"), "Nathaniel": ("Nate", "Nat"), "Nicholas": ("Nick",), "Oliver": ("Ollie",),
    "Penelope": ("Penny",), "Rebecca": ("Becky",), "Samuel": ("Sam", "Sammy"), "Samantha":
    ("Sam",), "Sebastian": ("Seb",), "Theodore": ("Theo", "Teddy"), "Thomas": ("Tom",
    "Tommy"), "Victoria": ("Vicky", "Tori"), "William": ("Will", "Billy", "Liam"),
    "Zachary": ("Zac",), "Abigail": ("Abbie",), "Olivia": ("Liv",), "Jacob": ("Jake",),
    "Harrison": ("Harry",), "Florence": ("Flo", "Florrie"), "Margot": ("Margo",),
    "Arabella": ("Bella",), "Amelia": ("Millie",), "Emilia": ("Millie",), "Muhammad":
    ("Mo",), "Mohammed": ("Mo",), "Ibrahim": ("Ibby",), "Zainab": ("Zainy",), "Jakub":
    ("Kuba",), "Aleksander": ("Olek",), "Oluwaseun": ("Seun",), "Oluwatobi": ("Tobi",),
}

# -- name groups: (weight by area decides), girls, boys, family names ------------------------

SOUTH_ASIAN_GIRLS = ("Maryam", "Aisha", "Fatima", "Zainab", "Hafsa", "Amina", "Inaya", "Zara",
                     "Hana", "Eesha", "Khadija", "Safa", "Noor", "Aleena", "Anaya", "Ayesha",
                     "Laiba", "Mariam", "Sana", "Safiya", "Hira", "Iqra", "Alisha", "Zahra",
                     "Aleeza", "Amira", "Haniya", "Mehreen", "Rumaysa", "Yusra")
SOUTH_ASIAN_BOYS = ("Muhammad", "Mohammed", "Ibrahim", "Yusuf", "Musa", "Ali", "Omar",
                    "Hamza", "Zayn", "Ayaan", "Haris", "Adam", "Ismail", "Abdullah", "Umar",
                    "Bilal", "Idris", "Yahya", "Hassan", "Zakariya", "Rayyan", "Zain", "Harun",
                    "Usman", "Imran", "Arham", "Saad", "Amir", "Faris", "Ayan")
SOUTH_ASIAN_FAMILY = (("Khan", 5), ("Hussain", 4), ("Ali", 3), ("Ahmed", 3), ("Patel", 3),
                      ("Shah", 2), ("Iqbal", 3), ("Mahmood", 2), ("Akhtar", 2), ("Rashid", 2),
                      ("Rehman", 2), ("Aslam", 1), ("Malik", 2), ("Saleem", 1), ("Sheikh", 1),
                      ("Mirza", 1), ("Butt", 1), ("Chaudhry", 1), ("Javed", 1), ("Anwar", 1),
                      ("Nawaz", 1), ("Riaz", 1), ("Yousaf", 1), ("Tariq", 1), ("Karim", 1),
                      ("Uddin", 1), ("Miah", 1), ("Islam", 1), ("Rahman", 2), ("Ismail", 1),
                      ("Desai", 1), ("Lunat", 1), ("Mulla", 1), ("Vohra", 1), ("Bux", 1),
                      ("Mohammed", 2), ("Hanif", 1), ("Qureshi", 1), ("Siddiqui", 1))

INDIAN_GIRLS = ("Anaya", "Priya", "Aanya", "Diya", "Myra", "Kiara", "Simran", "Jasleen",
                "Amrit", "Riya", "Isha", "Navya", "Saanvi", "Tara", "Meera", "Avni", "Kavya",
                "Harleen", "Ishani", "Jasmin")
INDIAN_BOYS = ("Arjun", "Aarav", "Rohan", "Dev", "Krish", "Vihaan", "Ishaan", "Aryan", "Jai",
               "Harjot", "Gurveer", "Arav", "Kabir", "Rishi", "Sahil", "Veer", "Neel",
               "Reyansh", "Jaiden", "Karan")
INDIAN_FAMILY = (("Patel", 6), ("Singh", 5), ("Sharma", 3), ("Kumar", 3), ("Shah", 3),
                 ("Mistry", 2), ("Parmar", 2), ("Gill", 2), ("Sandhu", 2), ("Sidhu", 1),
                 ("Dhillon", 1), ("Mehta", 1), ("Chauhan", 1), ("Joshi", 1), ("Solanki", 1),
                 ("Lad", 1), ("Rana", 1), ("Bhatt", 1), ("Chohan", 1), ("Lakhani", 1))

AFRICAN_GIRLS = ("Grace", "Favour", "Blessing", "Precious", "Esther", "Deborah", "Abigail",
                 "Zion", "Amara", "Chioma", "Adaeze", "Nia", "Imani", "Tiwa", "Ruth", "Naomi",
                 "Ama", "Kemi", "Ifeoma", "Hodan", "Ayan", "Hibo")
AFRICAN_BOYS = ("Daniel", "David", "Joshua", "Samuel", "Emmanuel", "Michael", "Joseph",
                "Elijah", "Caleb", "Isaac", "Oluwatobi", "Chukwuemeka", "Oluwaseun", "Kwame",
                "Kofi", "Jayden", "Malachi", "Nathaniel", "Abdirahman", "Mustafe", "Tariq",
                "Ayodele")
AFRICAN_FAMILY = (("Okafor", 2), ("Adeyemi", 2), ("Mensah", 2), ("Boateng", 2), ("Okonkwo", 1),
                  ("Adebayo", 2), ("Osei", 2), ("Asante", 1), ("Nwosu", 1), ("Ogunleye", 1),
                  ("Eze", 1), ("Abdi", 2), ("Mohamed", 2), ("Hassan", 1), ("Omar", 1),
                  ("Campbell", 1), ("Williams", 1), ("Francis", 1), ("Johnson", 1),
                  ("Clarke", 1), ("Nelson", 1), ("Mutasa", 1), ("Banda", 1), ("Nkosi", 1))

EAST_EUROPEAN_GIRLS = ("Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Lena", "Alicja", "Oliwia",
                       "Wiktoria", "Natalia", "Antonina", "Maria", "Ioana", "Andreea", "Elena",
                       "Gabriela", "Emilija", "Kornelia")
EAST_EUROPEAN_BOYS = ("Jakub", "Filip", "Szymon", "Kacper", "Antoni", "Jan", "Oliwier",
                      "Mikołaj", "Aleksander", "Wiktor", "Franciszek", "Dawid", "Andrei",
                      "Matei", "Darius", "Lukas", "Tomas", "Nikola")
EAST_EUROPEAN_FAMILY = (("Nowak", 3), ("Wójcik", 2), ("Kowalczyk", 2), ("Mazur", 2),
                        ("Krawczyk", 1), ("Zając", 1), ("Król", 1), ("Wróbel", 1),
                        ("Pawlak", 1), ("Michalak", 1), ("Popescu", 2), ("Ionescu", 1),
                        ("Popa", 1), ("Stan", 1), ("Dumitru", 1), ("Constantin", 1),
                        ("Horvath", 1), ("Novak", 1), ("Petrov", 1), ("Balogh", 1))

GROUPS = ("british", "south_asian", "indian", "african", "east_european")

# Shares of the name groups by local authority (children), rounded from Census 2021.
AREA_GROUPS: dict[str, tuple[float, float, float, float, float]] = {
    "Bolton": (0.70, 0.19, 0.05, 0.03, 0.03),
    "Wigan": (0.94, 0.01, 0.01, 0.01, 0.03),
    "Bury": (0.82, 0.10, 0.02, 0.02, 0.04),
    "Salford": (0.83, 0.04, 0.01, 0.07, 0.05),
    "Leeds": (0.76, 0.09, 0.03, 0.07, 0.05),
    "Newcastle upon Tyne": (0.78, 0.10, 0.03, 0.06, 0.03),
}

# English locative surnames: element + ending (Ash+worth, Brad+shaw, Fair+hurst).
LOCATIVE_STARTS = ("Ash", "Brad", "Brom", "Clay", "Crom", "Hol", "Hat", "Hay", "Ken",
                   "Lang", "Mar", "Mid", "Nor", "Pen", "Rad", "Sal", "Shel", "Stan", "Stock",
                   "Thorn", "Whit", "Ather", "Bark", "Black", "Bram", "Brook", "Cal", "Dun",
                   "Fair", "Farn", "Glad", "Green", "Hart", "Houl", "Kirk", "Lath", "Moss",
                   "Old", "Pick", "Ram", "Saw", "Shack", "Tat", "Wad", "War", "Wors", "Hal",
                   "Horn", "Lind", "Rush", "Sut", "Wal", "Bar", "Cart", "Har", "Mort", "Pil",
                   "Rid", "Ship", "Ing")
LOCATIVE_ENDS = ("ley", "ton", "worth", "by", "ham", "well", "wood", "den", "field", "hurst",
                 "shaw", "croft", "ford", "hall", "bridge", "dale", "stone", "wick", "more",
                 "cliffe", "thorpe", "ington", "ridge", "bury")

# -- places: neighbourhoods of each local authority (school, practice and street names) ------

NEIGHBOURHOODS: dict[str, tuple[str, ...]] = {
    "Bolton": ("Astley Bridge", "Breightmet", "Daubhill", "Deane", "Great Lever", "Halliwell",
               "Harwood", "Heaton", "Lostock", "Little Lever", "Kearsley", "Smithills",
               "Tonge Moor", "Sharples", "Harper Green", "Blackrod", "Egerton", "Markland Hill",
               "Highfield", "Hulton"),
    "Wigan": ("Pemberton", "Ince", "Abram", "Aspull", "Atherton", "Tyldesley", "Golborne",
              "Lowton", "Shevington", "Appley Bridge", "Beech Hill", "Marsh Green",
              "Worsley Mesnes", "Platt Bridge", "Astley", "Whelley", "Scholes", "Winstanley",
              "Newtown", "Hindley Green"),
    "Bury": ("Radcliffe", "Prestwich", "Whitefield", "Unsworth", "Walshaw", "Elton",
             "Brandlesholme", "Summerseat", "Redvales", "Fishpool", "Chesham", "Holcombe Brook"),
    "Salford": ("Pendleton", "Irlam", "Cadishead", "Little Hulton", "Worsley", "Kersal",
                "Broughton", "Ordsall", "Weaste", "Seedley", "Claremont", "Boothstown",
                "Pendlebury", "Clifton", "Winton"),
    "Leeds": ("Headingley", "Chapel Allerton", "Harehills", "Beeston", "Armley", "Bramley",
              "Horsforth", "Roundhay", "Seacroft", "Hunslet", "Garforth", "Rothwell",
              "Kirkstall", "Moortown", "Meanwood", "Burmantofts", "Holbeck", "Gipton",
              "Wortley", "Yeadon"),
    "Newcastle upon Tyne": ("Jesmond", "Heaton", "Byker", "Fenham", "Elswick", "Kenton",
                            "Westerhope", "Walkergate", "Denton Burn", "Arthur's Hill",
                            "Sandyford", "Kingston Park", "Blakelaw", "Cowgate", "Lemington",
                            "Scotswood", "Fawdon", "Wingrove"),
}

STREET_ENDS = (("Road", 22), ("Street", 20), ("Lane", 10), ("Avenue", 8), ("Close", 8),
               ("Drive", 6), ("Crescent", 4), ("Grove", 4), ("Way", 3), ("Gardens", 3),
               ("Place", 2), ("Terrace", 3), ("Court", 2), ("Walk", 2), ("Mews", 1),
               ("View", 1), ("Rise", 1), ("Row", 1), ("Fold", 2), ("Brow", 1), ("Croft", 1),
               ("Green", 1), ("Mount", 1), ("Square", 1))
STREET_STEMS = ("Church", "Mill", "Station", "Park", "Victoria", "Albert", "Queen", "King",
                "Princess", "Moor", "Green", "Chapel", "School", "Market", "Bridge", "Manor",
                "Oak", "Ash", "Beech", "Elm", "Willow", "Hawthorn", "Holly", "Rowan",
                "Chestnut", "Sycamore", "Cedar", "Larch", "Birch", "Maple", "Laurel", "Hazel",
                "Meadow", "Orchard", "Brook", "Spring", "Well", "Cross", "Castle", "Hall",
                "Grange", "Windsor", "York", "Lancaster", "Derby", "Cavendish", "Wellington",
                "Nelson", "Stanley", "Gladstone", "Cromwell", "Milton", "Byron", "Shelley",
                "Wordsworth", "Chaucer", "Kensington", "Devonshire", "Clarendon", "Richmond",
                "Hilton", "Ashfield", "Fernhill", "Highfield", "Woodside", "Hillside",
                "Fairfield", "Broadway", "Longfield", "Southfield", "Northfield")

SAINTS = ("Peter", "Paul", "John", "Mary", "Michael", "Joseph", "Thomas", "James", "Andrew",
          "Matthew", "Mark", "Luke", "Stephen", "George", "Anne", "Catherine", "Bernadette",
          "Teresa", "Columba", "Osmund", "Gregory", "Patrick", "Aidan", "Bede", "Hilda",
          "Wilfrid", "Chad", "Cuthbert", "Margaret", "Edmund")
