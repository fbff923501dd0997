package gen

import (
	"strconv"
	"strings"
)

// numberPlan makes phone numbers of one kind (London landlines, German
// mobiles...) and writes them the ways people do. Every format has a
// leading + except the US ones, so that each number reads the same in
// region US.
type numberPlan struct {
	cc       string   // calling code
	prefixes []string // area codes or mobile prefixes; one is picked per number
	digits   int      // digits after the prefix, the first in 2..9
	// formats render the national significant number: each N takes its
	// next digit, anything else is written as it is.
	formats []string
	label   string // the label a number of this plan usually has
}

// nsn returns the national significant number for a unique key: two keys
// below 8*10^(digits-1) never give the same number.
func (p *numberPlan) nsn(prefix string, key uint64) string {
	lo := uint64(2)
	for range p.digits - 1 {
		lo *= 10
	}
	span := lo * 4 // 8*10^(digits-1) numbers whose first digit is 2..9
	// A multiplier prime to span (odd, not a multiple of 5) permutes the
	// residues modulo span, so unique keys stay unique; one near
	// span/golden ratio makes neighbouring keys look unrelated.
	m := span*618/1000 | 1
	for m%5 == 0 {
		m += 2
	}
	v := lo + ((key+12345)%span*m)%span
	return prefix + strconv.FormatUint(v, 10)
}

// render writes nsn in format f.
func render(f, nsn string) string {
	var b strings.Builder
	i := 0
	for _, r := range f {
		if r == 'N' && i < len(nsn) {
			b.WriteByte(nsn[i])
			i++
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var nanpFormats = []string{
	"(NNN) NNN-NNNN", "NNN.NNN.NNNN", "+1 NNN NNN NNNN", "NNN-NNN-NNNN",
	"+1 (NNN) NNN-NNNN", "1-NNN-NNN-NNNN", "+1NNNNNNNNNN", "+1-NNN-NNN-NNNN",
}

var (
	planUS = &numberPlan{cc: "1", digits: 7, label: "mobile", formats: nanpFormats,
		prefixes: []string{"212", "415", "312", "617", "206", "512", "303", "305", "404", "646", "213", "503", "919", "720"}}
	planCA = &numberPlan{cc: "1", digits: 7, label: "work", formats: nanpFormats,
		prefixes: []string{"416", "604", "514", "613"}}
	planGBLondon = &numberPlan{cc: "44", digits: 7, label: "work", prefixes: []string{"207", "203"},
		formats: []string{"+44 NN NNNN NNNN", "+44 (0)NN NNNN NNNN", "+44NNNNNNNNNN", "+44 NNN NNN NNNN"}}
	planGBMobile = &numberPlan{cc: "44", digits: 9, label: "mobile", prefixes: []string{"7"},
		formats: []string{"+44 NNNN NNNNNN", "+44 (0)NNNN NNNNNN", "+44NNNNNNNNNN", "+44 NNNN NNN NNN"}}
	planAU = &numberPlan{cc: "61", digits: 8, label: "work", prefixes: []string{"2", "3"},
		formats: []string{"+61 N NNNN NNNN", "+61 (0)N NNNN NNNN", "+61NNNNNNNNN"}}
	planAUMobile = &numberPlan{cc: "61", digits: 8, label: "mobile", prefixes: []string{"4"},
		formats: []string{"+61 NNN NNN NNN", "+61 (0)NNN NNN NNN", "+61NNNNNNNNN"}}
	planIN = &numberPlan{cc: "91", digits: 9, label: "mobile", prefixes: []string{"9", "8"},
		formats: []string{"+91 NNNNN NNNNN", "+91-NNNNNNNNNN", "+91 NNN NNN NNNN"}}
	planDE = &numberPlan{cc: "49", digits: 8, label: "work", prefixes: []string{"30", "89", "40"},
		formats: []string{"+49 NN NNNNNNNN", "+49 (0)NN NNNN NNNN", "+49NNNNNNNNNN", "+49 NN NNNN-NNNN"}}
	planDEMobile = &numberPlan{cc: "49", digits: 8, label: "mobile", prefixes: []string{"151", "160", "171"},
		formats: []string{"+49 NNN NNNNNNNN", "+49 (0)NNN NNNN NNNN", "+49NNNNNNNNNNN"}}
	planFR = &numberPlan{cc: "33", digits: 8, label: "work", prefixes: []string{"1", "4"},
		formats: []string{"+33 N NN NN NN NN", "+33 (0)N NN NN NN NN", "+33NNNNNNNNN", "+33 N NNNN NNNN"}}
	planFRMobile = &numberPlan{cc: "33", digits: 8, label: "mobile", prefixes: []string{"6", "7"},
		formats: []string{"+33 N NN NN NN NN", "+33 (0)N NN NN NN NN", "+33NNNNNNNNN"}}
	planES = &numberPlan{cc: "34", digits: 7, label: "work", prefixes: []string{"91", "93"},
		formats: []string{"+34 NNN NNN NNN", "+34 NN NNN NN NN", "+34NNNNNNNNN"}}
	planMX = &numberPlan{cc: "52", digits: 8, label: "work", prefixes: []string{"55", "33"},
		formats: []string{"+52 NN NNNN NNNN", "+52 (NN) NNNN-NNNN", "+52NNNNNNNNNN"}}
	planBR = &numberPlan{cc: "55", digits: 8, label: "work", prefixes: []string{"11", "21"},
		formats: []string{"+55 NN NNNN-NNNN", "+55 (NN) NNNN-NNNN", "+55NNNNNNNNNN"}}
	planBRMobile = &numberPlan{cc: "55", digits: 8, label: "mobile", prefixes: []string{"119", "219"},
		formats: []string{"+55 NN NNNNN-NNNN", "+55 (NN) NNNNN-NNNN", "+55NNNNNNNNNNN"}}
	planPL = &numberPlan{cc: "48", digits: 7, label: "work", prefixes: []string{"22", "12"},
		formats: []string{"+48 NN NNN NN NN", "+48 NNN NNN NNN", "+48NNNNNNNNN"}}
	planDK = &numberPlan{cc: "45", digits: 7, label: "work", prefixes: []string{"3"},
		formats: []string{"+45 NN NN NN NN", "+45 NNNNNNNN", "+45 NNNN NNNN"}}
	planCZ = &numberPlan{cc: "420", digits: 8, label: "work", prefixes: []string{"2"},
		formats: []string{"+420 NNN NNN NNN", "+420NNNNNNNNN", "+420 NNN-NNN-NNN"}}
	planTR = &numberPlan{cc: "90", digits: 7, label: "work", prefixes: []string{"212", "312"},
		formats: []string{"+90 NNN NNN NN NN", "+90 (NNN) NNN NN NN", "+90NNNNNNNNNN"}}
	planJP = &numberPlan{cc: "81", digits: 8, label: "work", prefixes: []string{"3", "6"},
		formats: []string{"+81 N-NNNN-NNNN", "+81 (0)N NNNN NNNN", "+81NNNNNNNNN"}}
	planJPMobile = &numberPlan{cc: "81", digits: 8, label: "mobile", prefixes: []string{"90", "80"},
		formats: []string{"+81 NN-NNNN-NNNN", "+81 NN NNNN NNNN", "+81NNNNNNNNNN"}}
)

// allPlans lists every plan, for tests.
var allPlans = []*numberPlan{planUS, planCA, planGBLondon, planGBMobile, planAU, planAUMobile, planIN,
	planDE, planDEMobile, planFR, planFRMobile, planES, planMX, planBR, planBRMobile, planPL, planDK,
	planCZ, planTR, planJP, planJPMobile}
