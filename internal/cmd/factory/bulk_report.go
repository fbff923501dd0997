package factory

// ReportBulkWith is ReportBulk for verbs that take a complement: "Shared
// Ada Lovelace (1) with bob.", "Shared 3 contacts with bob.", "Shared 2 of
// 3 contacts with bob (1 unchanged)." or "No change to Ada Lovelace (1):
// it is public." (already, the reason, may be empty).
func (f *Factory) ReportBulkWith(verb, complement, already string, changed int, t *Targets) {
	v := capitalize(verb)
	if complement != "" {
		complement = " " + complement
	}
	n := t.Len()
	switch {
	case n == 1 && changed == 1:
		f.Infof("%s %s%s.", v, t.Name(), complement)
	case n == 1 && already != "":
		f.Infof("No change to %s: %s.", t.Name(), already)
	case n == 1:
		f.Infof("No change to %s.", t.Name())
	case changed == n:
		f.Infof("%s %d contacts%s.", v, changed, complement)
	default:
		f.Infof("%s %d of %d contacts%s (%d unchanged).", v, changed, n, complement, n-changed)
	}
}
