package phonenumbers

import _ "embed"

//go:embed data/countrycode_to_region.xml.gz
var regionData []byte

// rolo patch: stored uncompressed (see ROLO-PATCHES.md).
//
//go:embed data/metadata.bin
var numberData []byte

//go:embed data/shortnumber_metadata.xml.gz
var shortNumberData []byte
