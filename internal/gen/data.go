package gen

// The pools below are plain slices, never maps, so that generation does not
// depend on map iteration order.

// name is a name part with the ASCII form used in email addresses and
// social handles.
type name struct {
	text, ascii string
}

func n(s string) name { return name{s, lowerASCII(s)} }

func lowerASCII(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

// nicknames maps a formal first name to the short form people also use;
// a "nickname" duplicate replaces one by the other.
var nicknames = [][2]string{
	{"Robert", "Bob"}, {"William", "Bill"}, {"Elizabeth", "Liz"}, {"James", "Jim"},
	{"Michael", "Mike"}, {"Katherine", "Kate"}, {"Thomas", "Tom"}, {"Richard", "Dick"},
	{"Margaret", "Peggy"}, {"Anthony", "Tony"}, {"David", "Dave"}, {"Christopher", "Chris"},
	{"Alexander", "Alex"}, {"Jennifer", "Jenny"}, {"Samuel", "Sam"}, {"Benjamin", "Ben"},
	{"Daniel", "Dan"}, {"Joseph", "Joe"}, {"Stephen", "Steve"}, {"Nicholas", "Nick"},
	{"Matthew", "Matt"}, {"Patricia", "Pat"}, {"Susan", "Sue"}, {"Rebecca", "Becky"},
	{"Edward", "Ted"}, {"Charles", "Chuck"}, {"Deborah", "Debbie"}, {"Victoria", "Vicky"},
}

func nicknameOf(first string) string {
	for _, p := range nicknames {
		if p[0] == first {
			return p[1]
		}
	}
	return ""
}

// firstNames are the ASCII first names of the English-speaking locales;
// the formal names of the nickname table come first, so that a good share
// of contacts can have a nickname duplicate.
var firstNames = func() []name {
	var out []name
	for _, p := range nicknames {
		out = append(out, n(p[0]))
	}
	for _, s := range []string{
		"Ada", "Grace", "Alan", "Linda", "Mary", "John", "Sarah", "Emily", "Olivia", "Noah",
		"Liam", "Emma", "Ava", "Sophia", "Mia", "Ethan", "Lucas", "Harper", "Amelia", "Evelyn",
		"Henry", "Jack", "Owen", "Chloe", "Ella", "Nora", "Hannah", "Leah", "Aaron", "Paul",
		"Peter", "Laura", "Rachel", "Kevin", "Brian", "Jason", "Karen", "Nancy", "Lisa", "Megan",
		"Ryan", "Eric", "Adam", "Ruth", "Diane", "Carl", "Frank", "Helen", "Irene", "Oscar",
		"Priya", "Arjun", "Wei", "Mei", "Omar", "Fatima", "Hugo", "Clara", "Felix", "Ingrid",
	} {
		out = append(out, n(s))
	}
	return out
}()

var middleNames = []string{"A.", "J.", "Marie", "Lee", "Ann", "Ray", "M.", "Rose", "James", "K."}

var lastNames = func() []name {
	var out []name
	for _, s := range []string{
		"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
		"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
		"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
		"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
		"Lovelace", "Hopper", "Turing", "Kowalski", "Patel", "Singh", "Chen", "Wang", "Kim", "Park",
		"O'Brien", "McAllister", "Fitzgerald", "Sullivan", "Murphy", "Kelly", "Schmidt", "Fischer", "Weber", "Becker",
		"Dubois", "Moreau", "Laurent", "Rossi", "Russo", "Silva", "Santos", "Costa", "Tanaka", "Suzuki",
		"Van der Berg", "De Vries", "Jansen", "Larsen", "Hansen", "Novak", "Horvat", "Ivanov", "Cohen", "Levy",
	} {
		out = append(out, n(s))
	}
	return out
}()

// locale is where a contact lives: its country, how its phone numbers
// look, its cities, language and time zone, and its names when they are
// not the common English ones.
type locale struct {
	country []string // ways people write the country; [0] is the alpha-2 code
	plans   []*numberPlan
	cities  []city
	langs   []string
	// first and last are the locale's own names, most of them not ASCII;
	// empty for the English-speaking locales, which use the common pools.
	first, last []name
	streets     []string
	// streetFirst says the house number follows the street name.
	streetFirst bool
}

type city struct {
	name, state, zip, tz string
}

var (
	localeUS = &locale{
		country: []string{"US", "USA", "United States", "United States of America"},
		plans:   []*numberPlan{planUS},
		cities: []city{
			{"San Francisco", "CA", "94107", "America/Los_Angeles"}, {"Los Angeles", "CA", "90012", "America/Los_Angeles"},
			{"Seattle", "WA", "98101", "America/Los_Angeles"}, {"Portland", "OR", "97204", "America/Los_Angeles"},
			{"Denver", "CO", "80202", "America/Denver"}, {"Austin", "TX", "78701", "America/Chicago"},
			{"Chicago", "IL", "60601", "America/Chicago"}, {"New York", "NY", "10013", "America/New_York"},
			{"Boston", "MA", "02110", "America/New_York"}, {"Atlanta", "GA", "30303", "America/New_York"},
			{"Miami", "FL", "33131", "America/New_York"}, {"Raleigh", "NC", "27601", "America/New_York"},
		},
		langs:   []string{"en", "en-US", "es-US"},
		streets: []string{"Market St", "Main St", "Broadway", "Elm Ave", "Oak St", "Maple Dr", "Pine St", "Mission St", "5th Ave", "Lake Shore Dr"},
	}
	localeCA = &locale{
		country: []string{"CA", "Canada", "CAN"},
		plans:   []*numberPlan{planCA},
		cities: []city{
			{"Toronto", "ON", "M5V 2T6", "America/Toronto"}, {"Vancouver", "BC", "V6B 1A1", "America/Vancouver"},
			{"Montreal", "QC", "H2Y 1C6", "America/Toronto"},
		},
		langs:   []string{"en-CA", "fr-CA"},
		streets: []string{"King St W", "Queen St", "Rue Sainte-Catherine", "Granville St"},
	}
	localeGB = &locale{
		country: []string{"GB", "UK", "United Kingdom", "GBR"},
		plans:   []*numberPlan{planGBLondon, planGBMobile},
		cities: []city{
			{"London", "", "EC1A 1BB", "Europe/London"}, {"Manchester", "", "M1 1AE", "Europe/London"},
			{"Edinburgh", "", "EH1 1YZ", "Europe/London"}, {"Bristol", "", "BS1 4DJ", "Europe/London"},
		},
		langs:   []string{"en-GB"},
		streets: []string{"High St", "Baker St", "Station Rd", "Church Lane", "Victoria Rd"},
	}
	localeAU = &locale{
		country: []string{"AU", "Australia"},
		plans:   []*numberPlan{planAU, planAUMobile},
		cities: []city{
			{"Sydney", "NSW", "2000", "Australia/Sydney"}, {"Melbourne", "VIC", "3000", "Australia/Melbourne"},
		},
		langs:   []string{"en-AU"},
		streets: []string{"George St", "Collins St", "Pitt St"},
	}
	localeIN = &locale{
		country: []string{"IN", "India"},
		plans:   []*numberPlan{planIN},
		cities: []city{
			{"Bengaluru", "KA", "560001", "Asia/Kolkata"}, {"Mumbai", "MH", "400001", "Asia/Kolkata"},
		},
		langs:   []string{"en-IN", "hi"},
		streets: []string{"MG Road", "Residency Rd", "Linking Rd"},
	}
	localeDE = &locale{
		country: []string{"DE", "Germany", "Deutschland"},
		plans:   []*numberPlan{planDE, planDEMobile},
		cities: []city{
			{"Berlin", "", "10115", "Europe/Berlin"}, {"München", "BY", "80331", "Europe/Berlin"},
			{"Köln", "NW", "50667", "Europe/Berlin"}, {"Hamburg", "", "20095", "Europe/Berlin"},
		},
		langs:       []string{"de", "de-DE"},
		first:       []name{{"Jürgen", "juergen"}, {"Jörg", "joerg"}, {"Björn", "bjoern"}, {"Günther", "guenther"}, {"Käthe", "kaethe"}, {"Anja", "anja"}},
		last:        []name{{"Müller", "mueller"}, {"Schäfer", "schaefer"}, {"Groß", "gross"}, {"Weiß", "weiss"}, {"Köhler", "koehler"}, {"Bär", "baer"}},
		streets:     []string{"Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Königsallee"},
		streetFirst: true,
	}
	localeFR = &locale{
		country: []string{"FR", "France"},
		plans:   []*numberPlan{planFR, planFRMobile},
		cities: []city{
			{"Paris", "", "75008", "Europe/Paris"}, {"Lyon", "", "69002", "Europe/Paris"}, {"Marseille", "", "13001", "Europe/Paris"},
		},
		langs:   []string{"fr", "fr-FR"},
		first:   []name{{"François", "francois"}, {"Hélène", "helene"}, {"Jérôme", "jerome"}, {"Zoë", "zoe"}, {"Cécile", "cecile"}, {"Noël", "noel"}},
		last:    []name{{"Lefèvre", "lefevre"}, {"Dupré", "dupre"}, {"Béranger", "beranger"}, {"Faÿ", "fay"}, {"Girard", "girard"}},
		streets: []string{"rue de Rivoli", "avenue des Champs-Élysées", "rue de la République", "boulevard Haussmann"},
	}
	localeES = &locale{
		country: []string{"ES", "Spain"},
		plans:   []*numberPlan{planES},
		cities:  []city{{"Madrid", "", "28013", "Europe/Madrid"}, {"Barcelona", "", "08002", "Europe/Madrid"}, {"Sevilla", "", "41001", "Europe/Madrid"}},
		langs:   []string{"es", "es-ES", "ca"},
		first:   []name{{"José", "jose"}, {"María", "maria"}, {"Iñaki", "inaki"}, {"Raúl", "raul"}, {"Begoña", "begona"}},
		last:    []name{{"Núñez", "nunez"}, {"Peña", "pena"}, {"Ibáñez", "ibanez"}, {"Muñoz", "munoz"}, {"Gómez", "gomez"}},
		streets: []string{"Calle Mayor", "Gran Vía", "Paseo de Gracia"}, streetFirst: true,
	}
	localeMX = &locale{
		country: []string{"MX", "Mexico"},
		plans:   []*numberPlan{planMX},
		cities:  []city{{"Ciudad de México", "CDMX", "06000", "America/Mexico_City"}, {"Guadalajara", "JAL", "44100", "America/Mexico_City"}},
		langs:   []string{"es-MX"},
		first:   []name{{"José", "jose"}, {"Andrés", "andres"}, {"Sofía", "sofia"}, {"Ramón", "ramon"}},
		last:    []name{{"Hernández", "hernandez"}, {"Pérez", "perez"}, {"Ordóñez", "ordonez"}, {"Ruíz", "ruiz"}},
		streets: []string{"Av. Reforma", "Calle Madero", "Av. Insurgentes Sur"}, streetFirst: true,
	}
	localeBR = &locale{
		country: []string{"BR", "Brazil"},
		plans:   []*numberPlan{planBR, planBRMobile},
		cities:  []city{{"São Paulo", "SP", "01310-100", "America/Sao_Paulo"}, {"Rio de Janeiro", "RJ", "20040-002", "America/Sao_Paulo"}},
		langs:   []string{"pt-BR"},
		first:   []name{{"João", "joao"}, {"Conceição", "conceicao"}, {"Luíza", "luiza"}, {"Estêvão", "estevao"}},
		last:    []name{{"Gonçalves", "goncalves"}, {"Araújo", "araujo"}, {"Simões", "simoes"}, {"Magalhães", "magalhaes"}},
		streets: []string{"Avenida Paulista", "Rua Augusta", "Avenida Atlântica"}, streetFirst: true,
	}
	localePL = &locale{
		country: []string{"PL", "Poland"},
		plans:   []*numberPlan{planPL},
		cities:  []city{{"Warszawa", "", "00-001", "Europe/Warsaw"}, {"Kraków", "", "31-001", "Europe/Warsaw"}, {"Łódź", "", "90-001", "Europe/Warsaw"}},
		langs:   []string{"pl"},
		first:   []name{{"Łukasz", "lukasz"}, {"Michał", "michal"}, {"Małgorzata", "malgorzata"}, {"Paweł", "pawel"}},
		last:    []name{{"Wiśniewski", "wisniewski"}, {"Wójcik", "wojcik"}, {"Łęcki", "lecki"}, {"Dąbrowska", "dabrowska"}},
		streets: []string{"ul. Marszałkowska", "ul. Floriańska", "ul. Piotrkowska"}, streetFirst: true,
	}
	localeDK = &locale{
		country: []string{"DK", "Denmark"},
		plans:   []*numberPlan{planDK},
		cities:  []city{{"København", "", "1050", "Europe/Copenhagen"}, {"Aarhus", "", "8000", "Europe/Copenhagen"}},
		langs:   []string{"da"},
		first:   []name{{"Søren", "soren"}, {"Åsa", "asa"}, {"Bjørn", "bjorn"}, {"Mette", "mette"}},
		last:    []name{{"Jørgensen", "jorgensen"}, {"Ødegaard", "odegaard"}, {"Kjær", "kjaer"}, {"Sørensen", "sorensen"}},
		streets: []string{"Strøget", "Nørregade", "Vesterbrogade"}, streetFirst: true,
	}
	localeCZ = &locale{
		country: []string{"CZ", "Czechia", "Czech Republic"},
		plans:   []*numberPlan{planCZ},
		cities:  []city{{"Praha", "", "110 00", "Europe/Prague"}, {"Brno", "", "602 00", "Europe/Prague"}},
		langs:   []string{"cs"},
		first:   []name{{"Jiří", "jiri"}, {"Tomáš", "tomas"}, {"Kateřina", "katerina"}, {"Zdeněk", "zdenek"}},
		last:    []name{{"Dvořák", "dvorak"}, {"Novotný", "novotny"}, {"Černý", "cerny"}, {"Procházka", "prochazka"}},
		streets: []string{"Václavské náměstí", "Národní", "Masarykova"}, streetFirst: true,
	}
	localeTR = &locale{
		country: []string{"TR", "Turkey", "TUR"},
		plans:   []*numberPlan{planTR},
		cities:  []city{{"İstanbul", "", "34000", "Europe/Istanbul"}, {"Ankara", "", "06000", "Europe/Istanbul"}},
		langs:   []string{"tr"},
		first:   []name{{"Şule", "sule"}, {"Çağrı", "cagri"}, {"Gökhan", "gokhan"}, {"Ayşe", "ayse"}},
		last:    []name{{"Çelik", "celik"}, {"Şahin", "sahin"}, {"Yıldız", "yildiz"}, {"Öztürk", "ozturk"}},
		streets: []string{"İstiklal Caddesi", "Bağdat Caddesi"}, streetFirst: true,
	}
	localeJP = &locale{
		country: []string{"JP", "Japan", "JPN"},
		plans:   []*numberPlan{planJP, planJPMobile},
		cities:  []city{{"東京", "東京都", "100-0005", "Asia/Tokyo"}, {"Osaka", "Osaka", "530-0001", "Asia/Tokyo"}},
		langs:   []string{"ja"},
		first:   []name{{"太郎", "taro"}, {"花子", "hanako"}, {"翔", "sho"}, {"さくら", "sakura"}},
		last:    []name{{"山田", "yamada"}, {"佐藤", "sato"}, {"鈴木", "suzuki"}, {"高橋", "takahashi"}},
		streets: []string{"丸の内", "Ginza", "Umeda"}, streetFirst: true,
	}
)

// englishLocales pick names from the common pools; nativeLocales are where
// about one contact in ten comes from, with a non-ASCII name.
var (
	englishLocales = []*locale{localeUS, localeUS, localeUS, localeUS, localeUS, localeUS, localeUS, localeUS, localeUS, localeUS, localeUS, localeUS, localeGB, localeGB, localeCA, localeAU, localeIN, localeDE, localeFR}
	nativeLocales  = []*locale{localeDE, localeFR, localeES, localeMX, localeBR, localePL, localeDK, localeCZ, localeTR, localeJP}
)

var companyWords = [][]string{
	{"Acme", "Blue River", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Cyberdyne",
		"Hooli", "Pied Piper", "Vandelay", "Soylent", "Tyrell", "Wonka", "Gringotts", "Oceanic", "Aperture", "Black Mesa",
		"Summit", "Redwood", "Silver Lake", "Granite", "Harbor", "Evergreen", "Polaris", "Atlas", "Beacon", "Cascade"},
	{"Industries", "Logistics", "Labs", "Systems", "Analytics", "Consulting", "Health", "Foods", "Energy", "Media",
		"Robotics", "Capital", "Partners", "Software", "Solutions", "Trading", "Ventures", "Networks", "Pharma", "Design"},
	{"", "", "", "Inc.", "LLC", "Ltd", "GmbH", "S.A.", "Co.", "Group"},
}

var titles = []string{
	"CEO", "CTO", "CFO", "COO", "VP Sales", "VP Engineering", "Head of Marketing", "Account Executive",
	"Sales Manager", "Procurement Manager", "Office Manager", "Software Engineer", "Product Manager",
	"Operations Director", "Buyer", "Purchasing Agent", "Founder", "Managing Director", "Consultant", "Analyst",
}

var departments = []string{"Sales", "Engineering", "Marketing", "Finance", "Operations", "Procurement", "IT", "Legal", "HR", "Support"}

var prefixes = []string{"Dr.", "Mr.", "Ms.", "Mrs.", "Prof."}

var suffixes = []string{"Jr.", "Sr.", "III", "PhD", "MD"}

var tagPool = []string{
	"vip", "gold", "silver", "newsletter", "partner", "reseller", "churn-risk", "trade-show-2025",
	"webinar", "beta", "enterprise", "smb", "referral", "renewal-q3", "do-not-call", "früh-bucher",
}

var attrSources = []string{"webinar", "referral", "cold-call", "trade-show", "website", "partner", "linkedin"}

var attrSegments = []string{"enterprise", "mid-market", "smb", "public-sector", "education"}

var noteTexts = []string{
	"Met at the %s trade show; interested in the annual plan.",
	"Asked for a quote on %s units. Follow up next week.",
	"Prefers email over phone. Decision maker for %s.",
	"Renewal due in Q%d; price-sensitive.",
	"Referred by a colleague at %s.",
	"Called about the invoice; resolved.\nSecond line: wants a call back in the morning.",
}

var events = []string{"Las Vegas", "Hannover", "Barcelona", "Berlin", "Austin", "Tokyo", "São Paulo"}

var freeMail = []string{"gmail.example", "outlook.example", "yahoo.example", "proton.example"}
