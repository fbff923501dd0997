package codec

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// corpusDir is the shared import corpus: real exports and test fixtures of
// other programs, kept beside the repository (not in it, for their
// licences). See its SOURCES.md for what each file exercises. Without it
// the test is skipped, or fails when ROLO_REQUIRE_CORPUS is set (as CI
// sets it), so that a run cannot pass without the real files.
func corpusDir(t testing.TB) string {
	dir, ok := corpusPath()
	if !ok {
		msg := "import corpus not found at " + dir + " (set ROLO_CORPUS to its directory to run this test)"
		if os.Getenv("ROLO_REQUIRE_CORPUS") != "" {
			t.Fatal(msg + "; ROLO_REQUIRE_CORPUS is set")
		}
		t.Skip(msg)
	}
	return dir
}

// corpusPath is the corpus directory, $ROLO_CORPUS or ../shared/corpus
// beside the repository, and whether it is there.
func corpusPath() (string, bool) {
	dir := os.Getenv("ROLO_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	_, err := os.Stat(filepath.Join(dir, "SOURCES.md"))
	return dir, err == nil
}

type corpusCase struct {
	file    string
	format  string   // what Detect must say
	records int      // records decoded (including records with Err)
	valid   int      // records whose contact passes contact.Normalize
	fatal   string   // a fatal error must contain this (NewDecoder or Next)
	opts    Options  // decoding options
	expect  []string // "N:check", see checkRecord
}

// corpusCases says, for every file of the corpus, what a user importing it
// gets. A phone number without + is read in the country of the record's
// first address, else in region US (rolo's default); one that does not read
// as a number there is kept as an attribute with a warning.
var corpusCases = []corpusCase{
	{file: "vcard/aosp-adr-backslash-continuation-malformed-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=bogus", "1:adr~Hermann v. Brevern, 9999999, Packstation 999", "1:adr~Grindelberg 999", "1:birthday=2008-12-03", "1:url=http://bogus.com/"}},
	{file: "vcard/aosp-backslash-escapes-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{"1:first=A;B\\\\"}},
	{file: "vcard/aosp-base64-no-blank-line-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=name", "1:extra~PHOTO:data:image/jpeg;base64,/9j/4QoPRXhpZgAATU0AKgAAAAgADQEOAAIAAAAPAAAAqgEPAAIAAAAHAAAAugEQAAIAAAAG"}},
	{file: "vcard/aosp-comment-lines-malformed-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=Conference Call", "1:uid=357", "1:notes~This is an (sharp ->#<- sharp) example. This message must NOT be ignored."}},
	{file: "vcard/aosp-complicated-v21-qp.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Forrest", "1:last=Gump", "1:middle=Hoge", "1:prefix=Pos", "1:suffix=Tao", "1:company=Gump Shrimp Co.",
		"1:department=Sales Dept.;Manager, Fish keeper", "1:title=Shrimp Man", "1:phone=home:+14045551212",
		// No North American area code starts with 0 or 1: kept as attributes.
		"1:!phone~+1111", "1:!phone~+103", "1:attr.phone_work=(111) 555-1212", "1:attr.phone_mobile=0311111111", "1:attr.phone_other=0322222222",
		"1:email=work:forrestgump@walladalla.com", "1:adr~42 Plantation St.", "1:notes~Now's the time for all folk to come to the aid of their country.",
		"1:extra~GEO:", "1:extra~X-CLASS:PUBLIC", "1:extra~ROLE:Fish Cake Keeper!",
		`1:extra=FN;X-ROLO-FOR="N:Gump|Forrest|Hoge|Pos|Tao":Joe Due`}},
	{file: "vcard/aosp-ios613-v30-double-cr-photo.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=Bob Smith", "1:company=Smith Auto Repair", "1:email=bob@smithauto.com", "1:phone=mobile:+16505551212",
		"1:url=homepage:www.smithauto.com", "1:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/4gxYSUNDX1BST0ZJTEUAAQEAAAxITGlubwIQAABtbnRy"}},
	{file: "vcard/aosp-japanese-shiftjis-qp-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=安藤", "1:first=ロイド1", "1:adr~東京都渋谷区桜丘町26-1セルリアンタワー6階", "1:zip=150-8512", "1:notes~メモ",
		"1:extra~SOUND;TYPE=X-IRMC-N:ｱﾝﾄﾞｳ;ﾛｲﾄﾞ1;;;", `1:extra=FN;X-ROLO-FOR="N:安藤|ロイド1|||":安藤 ロイド 1`}},
	{file: "vcard/aosp-malformed-photo-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=name", "1:warn~PHOTO: not valid base64 data: dropped", "1:!extra~PHOTO"}},
	{file: "vcard/aosp-nested-vcard-malformed-v21.vcf", format: VCard, records: 3, valid: 3, expect: []string{
		"2:name=nest1", "3:name=nest2", "1:name=parent", "1:warn~nested"}},
	{file: "vcard/aosp-no-version-malformed.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Roid", "1:last=Ando", "1:warn~no VERSION"}},
	{file: "vcard/aosp-quoted-param-colon-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=G", "1:middle=M", "1:last=F", "1:attr.phone_other=1"}},
	{file: "vcard/aosp-sort-as-v40-japanese.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=安藤", "1:first=ロイド", "1:company=グーグル", "1:department=検索部門"}},
	{file: "vcard/aosp-winmo65-v21-agent.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=Example", "1:anniversary=2009-10-10", "1:extra~AGENT:Invalid line which must be handled correctly."}},
	{file: "vcard/ezvcard-cardme-android-v21-qp-multi.vcf", format: VCard, records: 6, valid: 6, expect: []string{
		"1:email=john.doe@company.com", "1:name=john.doe@company.com", "1:tag=My Contacts", "2:email=jane.doe@company.com",
		"3:last=Ñ Ñ Ñ Ñ", "4:last=Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "5:email=bob@company.com", "5:company=ÑÑÑÑÑÑÑÑÑÑÑÑ", "5:attr.email=ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ",
		"6:email=henry@company.com", "6:company=ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ", "6:extra~ORG:ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ�",
		"5:url=http://www.company.com", "5:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQE"}},
	{file: "vcard/ezvcard-cardme-blackberry-v21-photo.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=john", "1:last=Doe", "1:company=Acme Solutions", "1:phone=mobile:+96123456789", "1:extra~PHOTO:data:image/jpeg;base64,/9j/4QFaRXhpZgAASUkqAAgAAAAA"}},
	{file: "vcard/ezvcard-cardme-evolution-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:last=Doe", "1:middle=Richter, James", "1:prefix=Mr.", "1:suffix=Sr.", "1:nickname=Johny",
		"1:company=IBM", "1:department=Accounting, Dungeon", "1:phone=mobile:+19056661234", "1:phone=work:+19055551234",
		"1:email=work:john.doe@ibm.com", "1:social=aim:johnny5@aol.com", "1:url=http://www.ibm.com", "1:tag=VIP",
		"1:birthday=1980-03-22", "1:anniversary=1980-03-22", "1:city=Albaney", "1:country=US", "1:notes~LOSS OF USE, DATA, OR PROFITS; OR BUSINESS",
		"1:extra~X-EVOLUTION-SPOUSE:Maria", "1:extra~X-COUCHDB-APPLICATION-ANNOTATIONS:"}},
	{file: "vcard/ezvcard-cardme-gmail-v30-itemlabels.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:last=Doe", "1:email=home:john.doe@ibm.com", "1:phone=mobile:+19055551234", "1:url=work:http://www.ibm.com",
		"1:anniversary=1975-03-01", "1:extra~item2.X-ABRELATEDNAMES:Jenny", "1:extra~item2.X-ABLabel:_$!<Spouse>!$_",
		"1:!extra~Anniversary", "1:extra~X-PHONETIC-FIRST-NAME:Jon", "1:adr~Crescent moon drive, 555-asd, Nice Area", "1:notes~Favotire Color: Blue"}},
	{file: "vcard/ezvcard-cardme-iphone-ios5-v30-photo.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:nickname=Johny", "1:phone=mobile:+19055551234", "1:phone=fax:+19058881234", "1:phone=other:+19052221234",
		"1:email=john.doe@ibm.com", "1:url=homepage:http://www.ibm.com", "1:adr~Street4, Building 6, Floor 8", "1:birthday=2012-06-06",
		`1:extra=item2.X-ABLabel;X-ROLO-FOR="TEL:905-222-1234":_$!<AssistantPhone>!$_`,
		"1:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/4QBYRXhpZgAATU0AKgAAAAgAAgESAAMAAAABAAEAAIdpAAQAAAABAAAAJgAA"}},
	{file: "vcard/ezvcard-cardme-macos-addressbook-v30-photo.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:middle=Richter,James", "1:phone=work:+19057771234", "1:phone=other:+19052221234", "1:email=work:john.doe@ibm.com",
		"1:url=homepage:http://www.ibm.com", "1:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/4QBARXhpZgAATU0AKgAAAAgAAYdpAAQAAAABAAAAGgAAAAAAAqACAAQ",
		`1:extra=item1.X-ABLabel;X-ROLO-FOR="TEL:905-222-1234":AssistantPhone`}},
	{file: "vcard/ezvcard-cardme-ms-outlook-v21-photo.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:last=Doe", "1:company=IBM", "1:phone=work:+19055551234", "1:email=john.doe@ibm.cm",
		"1:birthday=1980-03-22", "1:anniversary=2011-01-13", "1:social=im:johny5@aol.com", "1:adr~Cresent moon drive",
		"1:extra~X-MS-OL-DESIGN", "1:extra~X-MS-MANAGER:Big Blue", "1:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEAYABgAAD"}},
	{file: "vcard/ezvcard-fullcontact-v40.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=FirstName", "1:last=LastName", "1:middle=MiddleName", "1:prefix=Prefix", "1:suffix=Suffix", "1:nickname=NickName",
		"1:company=Organization1", "1:department=Department1", "1:title=Title1", "1:birthday=2016-08-01",
		"1:phone=home:+15555551111", "1:phone=fax:+15555551117",
		"1:phone=other:+15555551115", "1:phone=other:+15555551119", "1:phone=mobile:+15555551113", "1:email=home:home@example.com", "1:email=other:custom@example.com",
		"1:social=googletalk:gtalk", "1:notes~Notes line 1\nNotes line 2", "1:extra~ORG:Organization2;Department2", "1:extra~TITLE:Title2",
		"1:extra~GENDER:M", "1:!extra~BDAY", "1:attr.address_home_country=HomeCountry"}},
	{file: "vcard/ezvcard-issue114-v40-rfc6868-label.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Dummy", "1:company=Dummy GmbH", "1:phone=mobile:+49123456789", "1:city=Bad Homburg", "1:zip=61352", "1:country=DE",
		"1:uid=8b574c60-fd7f-4e99-b584-c5db131ae687"}},
	{file: "vcard/ezvcard-outlook-2003-v21-key.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:suffix=III", "1:company=Company, The", "1:department=TheDepartment", "1:email=jdoe@hotmail.com",
		"1:attr.phone_work=BusinessPhone", "1:warn~phone \"BusinessPhone\" kept as attribute phone_work",
		"1:notes~This is the note field!!\nSecond line\n\nThird line is empty", "1:extra~KEY:data:application/pkix-cert;base64,MIIDITCCAoqgAwIBAgIQT52W2WawmStUwpV8tBV9TTANBgkqhkiG9w0BAQUFADBMMQswCQYD"}},
	{file: "vcard/ezvcard-rfc6350-example-v40.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Simon", "1:last=Perreault", "1:suffix=ing. jr, M.Sc.", "1:birthday=--02-03", "1:anniversary=2009-08-08",
		"1:phone=work:+14186569254", "1:email=work:simon.perreault@viagenie.ca", "1:adr~2875 Laurier", "1:city=Quebec", "1:country=CA",
		"1:language=fr", "1:url=home:http://nomis80.org", "1:extra~GEO;TYPE=work:geo:46.772673,-71.282945", "1:extra~TZ:-0500", "1:extra=LANG;PREF=2:en"}},
	{file: "vcard/ezvcard-thunderbird-mffab-v30-photo.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:last=Doe", "1:company=TheOrganization", "1:department=TheDepartment", "1:nickname=Johnny",
		"1:tag=category1", "1:tag=category2", "1:tag=category3", "1:email=doe.john@hotmail.com", "1:phone=fax:+15555553333",
		"1:anniversary=1990-04-30", "1:notes~You can put anything in the \"note\" field; even curse words.", "1:extra~X-SPOUSE:TheSpouse",
		"1:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEAYABgAAD/4QBoRXhpZgAASUk"}},
	{file: "vcard/folkerkinzel-1000-contacts-v30.vcf", format: VCard, records: 1000, valid: 1000, expect: []string{
		"1:name=Kasey Schmitt", "4:middle=Rachel", "1000:name=Florine Liana Stehr", "1:!extra~FN"}},
	{file: "vcard/folkerkinzel-cardbook-v40-invalid-bday.vcf", format: VCard, records: 2, valid: 2, expect: []string{
		"1:last=Möhrke", "1:company=KiTa Öhrdingen", "1:email=home:info@kinderland-blubblub.de",
		"2:first=Max", "2:middle=Horst", "2:title=Gröfaz", "2:attr.birthday=19723101", "2:warn~birthday \"19723101\" kept as attribute birthday",
		"2:email=other:sonstige@freenet.de", "2:attr.phone_home=Privattelefon", "2:adr~Alte Str. 32", "2:country=DE", "2:extra~ITEM1.X-ABDATE:20190707",
		"2:extra~ITEM1.X-ABLABEL:Hochzeitstag"}},
	{file: "vcard/folkerkinzel-cropped-qp-malformed-v21.vcf", format: VCard, records: 1, valid: 0, expect: []string{
		"1:err~the input ends before END:VCARD"}},
	{file: "vcard/folkerkinzel-empty-bom-only-malformed.vcf", format: VCard, records: 0, valid: 0},
	{file: "vcard/folkerkinzel-outlook-v21-windows1252-qp-cardpicture.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Ralf", "1:last=Rastral", "1:adr~Lämmerweg 12", "1:city=Kleindorf", "1:country=DE",
		"1:extra~X-MS-CARDPICTURE:data:image/jpeg;base64,/9j/", "1:extra~X-MS-OL-DESIGN"}},
	{file: "vcard/folkerkinzel-ukrainian-windows1251-nocharset-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Віталій", "1:middle=Володимирович", "1:last=Кличко", "1:city=Київ"}},
	{file: "vcard/folkerkinzel-utf16le-bom-v30.vcf", format: VCard, records: 2, valid: 2, expect: []string{
		"1:first=Folker", "1:last=Kinzel", "1:email=email1@wumms.de", "1:birthday=1978-03-11", "1:url=www.folker-kinzel.de",
		"1:adr~Berliner Str. 85", "1:extra~PHOTO;VALUE=uri:https://lh3.googleusercontent.com/-qA19KAIW4ig/",
		"2:company=KMS Außenstelle", "2:email=blablö@blub.com"}},
	{file: "vcard/folkerkinzel-utf8-bom-chinese-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{"1:last=Konfuzius"}},
	{file: "vcard/ical4j-begin-trailing-space-malformed-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=dirk", "1:email=dirk@sap.com", "1:adr~Szczecin", "1:notes~The canonical Dirk"}},
	{file: "vcard/ical4j-kde-kontact-v30-version-last.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Antoni", "1:last=Mylka", "1:middle=KDE User", "1:birthday=1985-01-28", "1:phone=mobile:+48691723056",
		"1:social=skype:antoni-kde-skype", "1:social=jabber:antoni-kde@kde-jabber.org", "1:social=gadu:452342",
		"1:uid=BHTRsCvcmd", "1:attr.address_work_country=Niemcy", "1:extra~X-KADDRESSBOOK-X-Department:Knowledge Management",
		"1:extra~GEO:45.000000;-87.300003", "1:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQIAAAAAAAD/2wBDAAEBAQEBAQ"}},
	{file: "vcard/ical4j-lowercase-v21-version-late.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Franz", "1:last=Branntwein", "1:prefix=Herr", "1:email=franz.m.branntwein@example.com", "1:adr~Medizinstraße 4711",
		"1:city=Köln", "1:uid=4b62872a-849-0", "1:phone=home:+4922112345678"}},
	{file: "vcard/ical4j-macos-sap-v30-latin1-30contacts.vcf", format: VCard, records: 30, valid: 30, expect: []string{
		"1:name=Gwendolina Brown", "1:tag=Demo", "1:tag=Nepomuk(SAP)", "1:email=gwendolina.brown@sap.com", "2:attr.phone_work=§",
		"5:last=Töcken", "5:company=Karlsruhe Travel", "1:extra~X-ABUID:07D43ED3-2026-4769-83C7-94726573A70D\\:ABPerson"}},
	{file: "vcard/ical4j-outlook2003-v21-valueurl-qp-latin2.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Antoni", "1:nickname=Ant", "1:company=DFKI", "1:email=antoni_mylka@somedomain.com", "1:attr.address_home_country=Polen",
		"1:extra~PHOTO;VALUE=uri:https://sourceforge.net/apps/trac/aperture/raw-attachment/wiki/MiscWikiFiles/gunnar.jpg",
		"1:extra~SOUND;VALUE=uri:https://", "1:extra~LOGO;VALUE=uri:http://www.dfki.de/web/logo.jpg", "1:birthday=1980-01-18"}},
	{file: "vcard/ical4j-outlook2007-v21-ms-cardpicture.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Antoni", "1:company=AM Services", "1:department=Police", "1:email=antoni@amservices.pl", "1:country=PL",
		"1:extra~X-MS-CARDPICTURE:data:image/jpeg;base64,"}},
	{file: "vcard/ical4j-version4-no-fn-malformed.vcf", format: VCard, records: 1, valid: 0, expect: []string{
		"1:adr~Lierstr. 20a", "1:norm~needs at least one of a name"}},
	{file: "vcard/khard-altid-v40.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=one", "1:last=representation", "1:uid=altid", "1:!extra~two", "1:notes~allows alternative representations"}},
	{file: "vcard/khard-photo-b64-png-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=with photo v3", "1:extra~PHOTO:data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAsAAAALCAQAAAADpb+tAAAAQklEQVQI122PQQ4AMAjCKv//Mzs4M0zmRYKkamEwWQVoRJogk4PuRoOoMC/EK8nYb+l08WGvSxKlNHO5kxnp/WXrAzsSERN1N6q5AAAAAElFTkSuQmCC"}},
	{file: "vcard/khard-photo-data-uri-v40.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=with photo v4", "1:extra~PHOTO:data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAsAAAALCAQAAAADpb+tAAAAQklEQVQI"}},
	{file: "vcard/khard-text-bday-v40.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=text birthday", "1:birthday=", "1:attr.birthday=circa 1800", "1:uid=testuid3"}},
	{file: "vcard/khard-unterminated-malformed-v40.vcf", format: VCard, records: 1, valid: 0, expect: []string{
		"1:err~card 1 (line 1): the input ends before END:VCARD"}},
	{file: "vcard/radicale-cardbook-bday-1604-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:birthday=--01-01", "1:name=Test bday without year Thunderbird CardBook"}},
	{file: "vcard/radicale-photo-data-uri-in-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=Contact", "1:nickname=test", "1:extra~PHOTO:data:image/png;base64,iVBORw0KGgo"}},
	{file: "vcard/radicale-sogo-missing-n-fn-malformed-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:email=work:test-misses-n-or-fn@example.com", "1:name=test-misses-n-or-fn@example.com", "1:extra~X-MOZILLA-HTML:FALSE"}},
	{file: "vcard/roundcube-apple-v30-photo-crlf.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:company=Apple Computer AG", "1:name=Apple Computer AG", "1:first=", "1:city=Wallisellen-Zürich", "1:country=CH",
		"1:url=homepage:http://www.apple.ch", "1:extra~X-ABShowAs:COMPANY", "1:extra~PHOTO:data:image/jpeg;base64,"}},
	{file: "vcard/roundcube-apple-v30-utf16be-nobom.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Ǽgean", "1:last=ĽdaMonté", "1:adr~169 Mária Canal", "1:country=PE"}},
	{file: "vcard/roundcube-charset-windows1252-v21.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=Doë", "1:company=roundcube.net", "1:email=work:inbox@roundcube.net", "1:email=home:roundcube@gmail.com",
		"1:country=KY", "1:notes~The notes..."}},
	{file: "vcard/roundcube-thebat-v21-qp-latin2-nocharset.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=Iksiñski", "1:email=piotr.iksinski@somedomain.com", "1:extra~X-GENDER:Male"}},
	{file: "vcard/roundcube-thebat-v21-qp-latin2-nocharset.vcf", format: VCard, records: 1, valid: 1, opts: Options{Encoding: "iso-8859-2"},
		expect: []string{"1:last=Iksiński"}},
	{file: "vcard/sabre-issue64-v21-photo-only-no-name.vcf", format: VCard, records: 1, valid: 0, expect: []string{
		"1:norm~needs at least one of", "1:extra~PHOTO:data:image/jpeg;base64,"}},
	{file: "vcard/thunderbird-export-v40.vcf", format: VCard, records: 2, valid: 2, expect: []string{
		"1:name=contact one", "1:email=contact1@invalid", "1:uid=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
		"2:title=\"worker\"", "2:notes~here's some unicode text…", "2:extra~X-CUSTOM1;VALUE=TEXT:custom\\, 1", "2:extra~X-CUSTOM4;VALUE=TEXT:custom\\n4"}},
	{file: "vcard/thunderbird-photo-data-uri-jpeg-v40.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:name=URI JPEG, version 4.0", "1:extra~PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAYEBQYFBAYGBQ"}},
	{file: "vcard/tine20-emclient-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Vor", "1:last=Nach", "1:prefix=Prefix", "1:title=Position", "1:company=Firma", "1:department=Abteilung",
		"1:birthday=1950-01-26", "1:email=privat@email.de", "1:email=business@email.de", "1:attr.phone_other=+49 MOBIL2",
		"1:notes~Notes\nwith\nbreaks", "1:extra~SORT-STRING:Nach\\, Vor"}},
	{file: "vcard/tine20-junk-before-begin-malformed-v30.vcf", format: VCard, records: 2, valid: 2, expect: []string{
		"1:first=alex", "1:phone=home:+49732121258035", "1:adr~Eisenhüttenstraße 723", "1:url=http://www.vcard.de", "1:notes~mitbewohner",
		"2:first=jan", "2:email=home:gerber@home.org", "2:extra~PHOTO:data:image/jpeg;base64,/9j/"}},
	{file: "vcard/tine20-latin1-label-unfolded-malformed-v30.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:last=München", "1:first=Falk", "1:city=Düsseldorf", "1:email=falk.muenchoen@landtag.xyz.de", "1:title=Landtagsabgeordneter",
		"1:url=home:http://falk-muenchoen.de"}},
	{file: "vcard/tine20-sogo-connector-v30-no-final-newline.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Lars", "1:last=Kneschke", "1:company=Organisation", "1:department=Business Unit", "1:tag=CATEGORY 1", "1:tag=CATEGORY 2",
		"1:adr~Address Business 1, Address Business 2", "1:state=Region Business", "1:url=work:http://www.tine20.com", "1:birthday=1975-01-16",
		"1:notes~Notes\nwith\nLine Break"}},
	{file: "vcard/tine20-webdav-collaborator-outlook-v30-agent.vcf", format: VCard, records: 1, valid: 1, expect: []string{
		"1:first=Vorname", "1:middle=Middle", "1:prefix=salutation", "1:suffix=name suffix", "1:phone=mobile:+4940123453",
		"1:phone=fax:+4940123452", "1:email=mail3@example.com", "1:anniversary=2013-08-16", "1:url=websi.te",
		"1:extra~AGENT:BEGIN:VCARD\\nVERSION:3.0\\nFN:assistent", "1:extra~SPOUSNAME:partner", "1:extra~X-OUTLOOK-EMAIL-FLAG:32769",
		"1:extra~:Nachname\\;  salutation Vorname Middle name suffix"}},

	{file: "csv/generic-no-header-thunderbird.csv", format: CSV, fatal: "no column is a name, company, phone or email"},
	{file: "csv/generic-no-header-thunderbird.csv", format: CSV, records: 2, valid: 2,
		opts: Options{Map: map[string]string{"1": "name", "2": "first", "3": "last", "4": "email"}}, expect: []string{
			"1:first=John", "1:last=Doe", "1:email=john@doe.invalid", "2:first=Jane", "2:email=jane@doe.invalid"}},
	{file: "csv/generic-semicolon-thunderbird.csv", format: CSV, records: 2, valid: 2, expect: []string{
		"1:first=John", "1:last=Doe", "1:email=john@doe.invalid", "2:name=Jane Doe", "2:!attr.display_name~"}},
	{file: "csv/generic-tab-comma-mixed-malformed-thunderbird.csv", format: CSV, fatal: "no column is a name, company, phone or email"},
	{file: "csv/google-exported-as-outlook-csv-folkerkinzel.csv", format: Outlook, records: 1, valid: 1, expect: []string{
		"1:first=Max", "1:middle=Middle Name", "1:last=Mustermann", "1:prefix=Dr.", "1:suffix=jr.", "1:company=Firma",
		"1:birthday=1972-01-31", "1:anniversary=2001-01-04", "1:email=privat@folker-kinzel.de", "1:email=business@folker-kinzel.de",
		"1:adr~Eisenbahnstraße", "1:city=Leipzig", "1:attr.spouse=Petra", "1:tag=Importiert am 29.3.", "1:!tag~ontacts",
		// What did not fit Google's Outlook columns, read back from the
		// Notes; lines that do not say what they are stay there.
		"1:email=privat2@folker-kinzel.de", "1:email=andere2@folker.de", "1:social=skype:Chatadresse2",
		"1:notes~Other Phone: Fax work", "1:!notes~E-mail Address"}},
	{file: "csv/google-legacy-2021-escalate.csv", format: Google, records: 2, valid: 2, expect: []string{
		"1:first=John", "1:last=Doe", "1:birthday=1987-09-07", "1:email=home:doe@gmail.com", "1:tag=Mittelschule", "1:tag=JGA Blake",
		"1:tag=friends", "1:!tag=myContacts", "1:city=Dresden", "1:social=icq:123456789", "1:phone=mobile:+491701234567",
		"2:birthday=--12-25", "2:phone=mobile:+491711234567", "2:tag=Nachbar", "2:email=mustermann@gmail.com"}},
	{file: "csv/google-legacy-multiline-crlf-tine20.csv", format: Google, records: 5, valid: 5, expect: []string{
		"1:first=Ando", "1:last=family", "1:!attr.name~", "1:!tag~Contacts", "4:!tag~Contacts", "1:phone=mobile:+49227913452", "4:tag=kunden", "4:email=other:abc@here.de", "4:notes~rutan",
		"5:adr~Niedersachsen Ring 22", "5:city=Winsen"}},
	{file: "csv/google-legacy-multivalue-folkerkinzel.csv", format: Google, records: 1, valid: 1, expect: []string{
		"1:first=Max", "1:company=Firma", "1:title=Position", "1:department=Abteilung", "1:email=work:ohnelabel@folker.de",
		"1:email=home:privat3@folker.de", "1:email=other:andere2@folker.de",
		"1:email=home:privat@folker-kinzel.de", "1:email=other:andere@folker-kinzel.de", "1:attr.email_work=business 3@golker.de",
		"1:social=skype:Chatadresse2", "1:attr.relation_spouse=Petra", "1:attr.Bezeichnung=Benutzerdefiniert1",
		"1:url=work:http://www.musterworks.de", "1:anniversary=2001-01-04",
		// Labels in the value columns: "Tel10" is no more a number than "Tel9".
		"1:!phone~+", "1:attr.phone_other=Tel10", "1:attr.phone_other_3=Tel9"}},
	{file: "csv/google-new-2024-escalate.csv", format: Google, records: 2, valid: 2, expect: []string{
		"1:first=John", "1:birthday=1987-09-07", "1:attr.photo=https://lh3.googleusercontent.com/contacts/photo.jpg",
		"2:middle=Amadeus", "2:suffix=(geb. Musterfrau)", "2:birthday=--12-25"}},
	{file: "csv/macos-addressbook-de-tab-separated-tine20.csv", format: CSV, records: 1, valid: 1, expect: []string{
		"1:first=Max", "1:last=Mustermann", "1:company=Musterfirma", "1:email=work:max@muster.de", "1:adr~Musterstraße 1",
		"1:city=Hamburg", "1:country=DE", "1:url=www.muster.de", "1:birthday=1999-01-01"}},
	{file: "csv/outlook2007-de-mojibake-malformed-tine20.csv", format: Outlook, records: 2, valid: 2, expect: []string{
		"1:company=The Firm", "1:phone=work:+4983242332", "2:first=Vorname", "2:last=Nachname", "2:title=Pressestelle",
		"2:email=email@example.org", "2:phone=fax:+4923782112", "2:tag=Partner", "2:!attr.geschlecht=Keine Angabe"}},
	{file: "csv/outlook2013-de-windows1252-tine20.csv", format: Outlook, records: 2, valid: 2, expect: []string{
		"1:first=Christian", "1:last=Baumann", "1:company=unittest", "1:title=Vertrieb", "1:phone=work:+49406432131550",
		"1:adr~Pickhuben 2", "1:city=Hamburg", "2:last=Weiß", "2:email=c.weiss@unittest.de"}},
	{file: "csv/outlook365-en-windows1252-folkerkinzel.csv", format: Outlook, records: 6, valid: 6, expect: []string{
		"1:first=Anita", "1:company=Contoso", "1:email=anita@contoso.com", "1:birthday=1981-01-20", "1:anniversary=2005-06-03",
		"1:url=http://www.microsoft.com/", "6:state=Thüringen"}},
	{file: "csv/outlook365-web-en-bom-folkerkinzel.csv", format: Outlook, records: 1, valid: 1, expect: []string{
		"1:first=Max", "1:nickname=Maxl", "1:email=privat@folker-kinzel.de", "1:department=Führungsetage", "1:birthday=1972-01-31",
		"1:anniversary=2000-12-24", "1:url=home:http://www.privat.de", "1:social=im:Chat", "1:notes~Kommentar",
		// "0123/579" in region US would be +1 012..., an area code that cannot be.
		"1:!phone~+", "1:attr.phone_fax=0123/579"}},
	{file: "csv/thunderbird-de-windows1252-folkerkinzel.csv", format: CSV, records: 1, valid: 1, expect: []string{
		"1:first=Max", "1:nickname=Maxl", "1:email=privat@folker-kinzel.de", "1:birthday=1972-01-31", "1:adr~Privatstr. 88, 2. Zeile",
		"1:attr.anzeigename=Dr. Max Middle Name Mustermann jr.",
		"1:city=Wohnort", "1:attr.phone_work=Tel geschäftlich", "1:notes~Kommentar für Maxl", "1:url=home:www.folker-kinzel.de"}},
	{file: "csv/thunderbird-en-export-embedded-newlines.csv", format: CSV, records: 2, valid: 2, expect: []string{
		"1:name=contact one", "1:attr.display_name=contact number one", "1:email=contact1@invalid", "2:title=\"worker\"", "2:attr.custom_1=custom, 1", "2:attr.custom_2=custom 2",
		"2:attr.custom_4=custom, 4", "2:notes~here's some unicode text…"}},
	{file: "csv/thunderbird-en-shiftjis.csv", format: CSV, records: 1, valid: 1, expect: []string{
		"1:first=権兵衛", "1:last=名無し", "1:attr.display_name=名無しの権兵衛", "1:email=名無しの権兵衛@host.invalid"}},
	{file: "csv/thunderbird-en-utf16le-bom.csv", format: CSV, records: 1, valid: 1, expect: []string{
		"1:first=John", "1:last=Doe", "1:!attr.display_name~", "1:email=johndoe@host.invalid"}},
	{file: "csv/thunderbird-en-variant-invalid-bday-bom-folkerkinzel.csv", format: CSV, records: 1, valid: 1, expect: []string{
		"1:first=Max", "1:attr.display_name=Dr. Max Middle Name Mustermann jr.", "1:birthday=", "1:attr.birthday=1977-2-31", "1:warn~birthday", "1:adr~Privatstr. 88, 2. Zeile", "1:email=business@folker-kinzel.de"}},
	{file: "csv/windows-live-mail-de-semicolon-bom-folkerkinzel.csv", format: Outlook, records: 1, valid: 1, expect: []string{
		"1:first=Max", "1:middle=Middle Name", "1:last=Mustermann", "1:nickname=Maxl", "1:!attr.name~", "1:email=privat@folker-kinzel.de",
		"1:adr~Eisenbahnstraße", "1:zip=04315", "1:country=DE", "1:company=Firma", "1:title=Position", "1:notes~Kommentar Äöü"}},
}

// TestCorpus runs every file of the corpus through Detect and the decoder
// and checks what an import would get from it.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	seen := map[string]bool{}
	for _, tc := range corpusCases {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, filepath.FromSlash(tc.file))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			format, err := Detect(path, data[:min(len(data), sniffSize)])
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			if format != tc.format {
				t.Errorf("Detect = %s, want %s", format, tc.format)
			}
			recs, err := decodeFile(format, path, tc.opts)
			if tc.fatal != "" {
				if err == nil || !strings.Contains(err.Error(), tc.fatal) {
					t.Fatalf("error = %v, want one containing %q", err, tc.fatal)
				}
				if contact.ErrorCode(err) != contact.EINVALID {
					t.Errorf("error code = %s, want %s", contact.ErrorCode(err), contact.EINVALID)
				}
				return
			}
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(recs) != tc.records {
				t.Errorf("records = %d, want %d", len(recs), tc.records)
			}
			valid := 0
			normErrs := map[int]error{}
			normalized := map[int]*contact.Contact{}
			for _, r := range recs {
				if r.Err != nil {
					continue
				}
				c := r.Contact.Clone()
				// As the importer validates: numbers without + in the
				// record's own country, else in the profile's region.
				if err := contact.Normalize(c, contact.RecordRegion(c, "US")); err != nil {
					normErrs[r.Index] = err
				} else {
					valid++
				}
				normalized[r.Index] = c
			}
			if valid != tc.valid {
				t.Errorf("valid contacts = %d, want %d (validation errors: %v)", valid, tc.valid, normErrs)
			}
			for _, e := range tc.expect {
				checkRecord(t, recs, normalized, normErrs, e)
			}
		})
	}
	for _, sub := range []string{"vcard", "csv"} {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		for _, f := range files {
			if !seen[sub+"/"+filepath.Base(f)] {
				t.Errorf("corpus file %s/%s has no test case", sub, filepath.Base(f))
			}
		}
	}
}

func decodeFile(format, path string, opts Options) ([]*Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := NewDecoder(format, f, opts)
	if err != nil {
		return nil, err
	}
	return DecodeAll(d)
}

// checkRecord checks one expectation "N:KEY=VALUE", "N:KEY~SUBSTRING" or
// "N:!KEY~SUBSTRING" (must not hold) against record N, its contact as
// contact.Normalize leaves it, and the validation error.
func checkRecord(t *testing.T, recs []*Record, cs map[int]*contact.Contact, normErrs map[int]error, e string) {
	t.Helper()
	idx, rest, _ := strings.Cut(e, ":")
	var n int
	for _, ch := range idx {
		n = n*10 + int(ch-'0')
	}
	var rec *Record
	for _, r := range recs {
		if r.Index == n {
			rec = r
		}
	}
	if rec == nil {
		t.Errorf("%s: no record %d", e, n)
		return
	}
	negate := strings.HasPrefix(rest, "!")
	rest = strings.TrimPrefix(rest, "!")
	eq, sub := strings.IndexByte(rest, '='), strings.IndexByte(rest, '~')
	exact := eq >= 0 && (sub < 0 || eq < sub)
	op := "~"
	if exact {
		op = "="
	}
	key, want, _ := strings.Cut(rest, op)
	c := cs[n]
	var got []string
	switch {
	case key == "err":
		if rec.Err != nil {
			got = []string{rec.Err.Error()}
		}
	case key == "norm":
		if normErrs[n] != nil {
			got = []string{normErrs[n].Error()}
		}
	case key == "warn":
		got = rec.Warnings
	case c == nil:
		t.Errorf("%s: record %d has no contact (error %v)", e, n, rec.Err)
		return
	case key == "name":
		got = []string{c.DisplayName()}
	case key == "email":
		for _, m := range c.Emails {
			got = append(got, m.Address, m.Label+":"+m.Address)
		}
	case key == "phone":
		for _, p := range c.Phones {
			got = append(got, p.E164, p.Number, p.Label+":"+p.E164)
		}
	case key == "tag":
		got = c.Tags
	case key == "url":
		for _, u := range c.URLs {
			got = append(got, u.URL, u.Label+":"+u.URL)
		}
	case key == "social":
		for _, s := range c.Socials {
			got = append(got, s.Network+":"+s.Handle)
		}
	case key == "adr":
		for _, a := range c.Addresses {
			got = append(got, a.Street)
		}
	case key == "city" || key == "state" || key == "zip" || key == "country":
		for _, a := range c.Addresses {
			got = append(got, map[string]string{"city": a.City, "state": a.State, "zip": a.Zip, "country": a.Country}[key])
		}
	case key == "notes":
		for _, no := range c.Notes {
			got = append(got, no.Text)
		}
	case key == "extra":
		got = strings.Split(c.VCardExtra, "\n")
	case key == "uid":
		got = []string{c.UID}
	case strings.HasPrefix(key, "attr."):
		if v, ok := c.Attributes[key[5:]]; ok {
			got = []string{v}
		}
	default:
		f, ok := contact.LookupField(key)
		if !ok {
			t.Fatalf("%s: unknown check %q", e, key)
		}
		got = []string{f.Get(c)}
	}
	found := false
	for _, g := range got {
		if (exact && g == want) || (!exact && strings.Contains(g, want)) {
			found = true
		}
	}
	if exact && want == "" && len(got) == 0 {
		found = true
	}
	if found == negate {
		if negate {
			t.Errorf("%s: record %d has it: %q", e, n, got)
		} else {
			t.Errorf("%s: record %d has %q", e, n, got)
		}
	}
}

// TestCorpusVCardErrorsAreClear checks that what cannot be read says why and
// where.
func TestCorpusVCardErrorsAreClear(t *testing.T) {
	dir := corpusDir(t)
	recs, err := decodeFile(VCard, filepath.Join(dir, "vcard", "khard-unterminated-malformed-v40.vcf"), Options{})
	if err != nil || len(recs) != 1 || recs[0].Err == nil {
		t.Fatalf("want one record with an error, got %v, %v", recs, err)
	}
	if got := recs[0].Err.Error(); !strings.Contains(got, "line 1") || !strings.Contains(got, "END:VCARD") {
		t.Errorf("error %q does not say where and what", got)
	}
	d, err := NewDecoder(VCard, strings.NewReader("hello\nworld\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Next(); err == nil || errors.Is(err, io.EOF) || !strings.Contains(err.Error(), "BEGIN:VCARD") {
		t.Errorf("text that is not a vCard: got %v", err)
	}
}

// TestCorpusVCardRoundTrip writes every contact read from the corpus's
// vCards as vCard 3.0 and 4.0 and reads it back: the contact is the same,
// and its export to either version is the card the first import gave, the
// kept properties included (a 3.0 AGENT that went through a 4.0 export is
// an AGENT again).
func TestCorpusVCardRoundTrip(t *testing.T) {
	dir := corpusDir(t)
	export := func(c *contact.Contact, v string) string {
		t.Helper()
		var b strings.Builder
		if err := Encode(VCard, &b, []*contact.Contact{c}, EncodeOptions{VCardVersion: v}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, tc := range corpusCases {
		if tc.format != VCard || tc.fatal != "" {
			continue
		}
		recs, err := decodeFile(VCard, filepath.Join(dir, filepath.FromSlash(tc.file)), tc.opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		for _, r := range recs {
			c := r.Contact
			if r.Err != nil || contact.Normalize(c, contact.RecordRegion(c, "US")) != nil {
				continue
			}
			for _, v := range []string{"3.0", "4.0"} {
				back := decodeOneCard(t, export(c, v))
				for _, w := range back.Warnings {
					if !slices.Contains(r.Warnings, w) {
						t.Errorf("%s card %d: read back from %s: warning %q", tc.file, r.Index, v, w)
					}
				}
				for _, to := range []string{"3.0", "4.0"} {
					want, got := strings.Split(export(c, to), "\r\n"), strings.Split(export(back.Contact, to), "\r\n")
					if !slices.Equal(got, want) {
						lost := slices.DeleteFunc(slices.Clone(want), func(l string) bool { return slices.Contains(got, l) })
						added := slices.DeleteFunc(got, func(l string) bool { return slices.Contains(want, l) })
						t.Errorf("%s card %d: through %s, the %s export lost %q, gained %q", tc.file, r.Index, v, to, lost, added)
					}
				}
			}
		}
	}
}
