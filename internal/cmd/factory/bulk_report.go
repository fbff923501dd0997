package factory

// ReportBulkWith is ReportBulk for verbs that take a complement: "Shared
// Ada Lovelace (1) with bob.", "Shared 3 contacts with bob.", "Shared 2 of
// 3 contacts with bob (1 unchanged)." or "No change to Ada Lovelace (1):
// it is public." (already, the reason, may be empty).
func (f *Factory) ReportBulkWith(verb, complement, already string, changed int, targets []string) {
	v := capitalize(verb)
	if complement != "" {
		complement = " " + complement
	}
	switch {
	case len(targets) == 1 && changed == 1:
		f.Infof("%s %s%s.", v, targets[0], complement)
	case len(targets) == 1 && already != "":
		f.Infof("No change to %s: %s.", targets[0], already)
	case len(targets) == 1:
		f.Infof("No change to %s.", targets[0])
	case changed == len(targets):
		f.Infof("%s %d contacts%s.", v, changed, complement)
	default:
		f.Infof("%s %d of %d contacts%s (%d unchanged).", v, changed, len(targets), complement, len(targets)-changed)
	}
}
