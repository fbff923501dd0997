// Port of metadata/source/* + MetadataLoader from google/libphonenumber.
// Functions are kept in upstream source order to ease syncing.
// Last reconciled against: v9.0.32
package phonenumbers

import (
	"errors"
	"fmt"
	"sync"
)

// metadataContainer bundles all of the metadata-derived lookup state used by
// the library. The package keeps a single active container (currentMetadata),
// built from the embedded metadata during init. Bundling the state behind one
// swappable value is the seam that lets tests run against alternate metadata
// (e.g. upstream's synthetic PhoneNumberMetadataForTesting data) without
// changing the public, package-level API.
type metadataContainer struct {
	// The parsed metadata collection this container was built from.
	metadataCollection *PhoneMetadataCollection

	// A map from country code (as integer) to two letter region codes.
	countryCodeToRegion map[int][]string

	// A mapping from a region code to the PhoneMetadata for that region.
	// rolo patch: each region's metadata is decoded on first use.
	regionToMetadataMap map[string]*lazyMetadata

	// A mapping from a country calling code for a non-geographical entity to
	// the PhoneMetadata for that country calling code. Examples of the country
	// calling codes include 800 (International Toll Free Service) and 808
	// (International Shared Cost Service).
	countryCodeToNonGeographicalMetadataMap map[int]*lazyMetadata

	// The set of regions that share country calling code 1.
	nanpaRegions map[string]struct{}

	// The set of regions the library supports.
	supportedRegions map[string]bool

	// All the calling codes we support.
	supportedCallingCodes map[int]bool

	// The set of calling codes that map to the non-geo entity region ("001").
	countryCodesForNonGeographicalRegion map[int]bool
}

// currentMetadata is the active metadata container. It is populated from the
// embedded metadata by initMetadata during package initialization. Tests may
// swap it via useMetadata to exercise the library against alternate metadata.
var currentMetadata *metadataContainer

// rolo patch: the embedded metadata is decoded on first use rather than at
// package initialization, so that programs which link the library but do
// not parse a number on a given run (rolo --version, rolo show) do not pay
// the few milliseconds the decoding costs.
var metadataOnce sync.Once

// md returns the active metadata container, loading it on first use.
func md() *metadataContainer {
	metadataOnce.Do(initMetadata)
	return currentMetadata
}

func initMetadata() {
	// load our regions
	regionMap, err := loadIntArrayMap(regionData)
	if err != nil {
		panic(err)
	}

	// then our metadata (rolo patch: indexed, each region decoded on
	// first use)
	currentMetadata, err = newLazyMetadataContainer(numberData, regionMap.Map)
	if err != nil {
		panic(err)
	}
}

// rolo patch: lazyMetadata is one region's metadata, decoded from its
// encoded message on first use. Decoding all of them took 7-10 ms of every
// process that parses a phone number; one takes a few microseconds.
type lazyMetadata struct {
	once sync.Once
	b    []byte
	m    *PhoneMetadata
}

func (l *lazyMetadata) get() *PhoneMetadata {
	l.once.Do(func() {
		if l.m != nil {
			return
		}
		m := &PhoneMetadata{}
		if err := m.unmarshal(l.b); err != nil {
			panic(err) // the embedded metadata: checked when it was indexed
		}
		l.m = m
	})
	return l.m
}

func deref(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

// rolo patch: newLazyMetadataContainer is newMetadataContainer over the
// encoded metadata collection: it reads each region's id and country code
// and leaves the rest encoded until the region is used (rolo's
// TestPhoneMetadataComplete decodes and checks every region).
func newLazyMetadataContainer(raw []byte, countryCodeToRegion map[int][]string) (*metadataContainer, error) {
	mc := &metadataContainer{
		countryCodeToRegion:                     countryCodeToRegion,
		regionToMetadataMap:                     make(map[string]*lazyMetadata, 256),
		countryCodeToNonGeographicalMetadataMap: make(map[int]*lazyMetadata),
	}
	n := 0
	err := decodeFields(raw, func(f field) error {
		if f.num != 1 || f.typ != wireBytes {
			return nil
		}
		n++
		var id *string
		var countryCode *int32
		if err := decodeFields(f.b, func(g field) error {
			switch g.num {
			case 9:
				g.setString(&id)
			case 10:
				g.setInt32(&countryCode)
			}
			return nil
		}); err != nil {
			return err
		}
		if id == nil {
			return errors.New("required field id not set")
		}
		l := &lazyMetadata{b: f.b}
		if *id == REGION_CODE_FOR_NON_GEO_ENTITY {
			mc.countryCodeToNonGeographicalMetadataMap[int(deref(countryCode))] = l
		} else {
			mc.regionToMetadataMap[*id] = l
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("phonenumbers: decoding metadata: %w", err)
	}
	if n == 0 {
		return nil, ErrEmptyMetadata
	}
	mc.deriveRegionSets()
	return mc, nil
}

// newMetadataContainer builds a fully populated metadataContainer from a parsed
// metadata collection and a country-code-to-region map. This is the same
// derivation the library has always performed at init, now factored out so it
// can run against any metadata source, not just the embedded one.
func newMetadataContainer(coll *PhoneMetadataCollection, countryCodeToRegion map[int][]string) (*metadataContainer, error) {
	metadataList := coll.GetMetadata()
	if len(metadataList) == 0 {
		return nil, ErrEmptyMetadata
	}

	mc := &metadataContainer{
		metadataCollection:                      coll,
		countryCodeToRegion:                     countryCodeToRegion,
		regionToMetadataMap:                     make(map[string]*lazyMetadata),
		countryCodeToNonGeographicalMetadataMap: make(map[int]*lazyMetadata),
	}

	for _, meta := range metadataList {
		region := meta.GetId()
		if region == "001" {
			// it's a non geographical entity
			mc.countryCodeToNonGeographicalMetadataMap[int(meta.GetCountryCode())] = &lazyMetadata{m: meta}
		} else {
			mc.regionToMetadataMap[region] = &lazyMetadata{m: meta}
		}
	}
	mc.deriveRegionSets()
	return mc, nil
}

// deriveRegionSets fills the sets of regions and calling codes from
// countryCodeToRegion (rolo patch: factored out of newMetadataContainer,
// for newLazyMetadataContainer).
func (mc *metadataContainer) deriveRegionSets() {
	countryCodeToRegion := mc.countryCodeToRegion
	mc.nanpaRegions = make(map[string]struct{})
	mc.supportedRegions = make(map[string]bool, 320)
	mc.supportedCallingCodes = make(map[int]bool, 320)
	mc.countryCodesForNonGeographicalRegion = make(map[int]bool, 16)

	for eKey, regionCodes := range countryCodeToRegion {
		// We can assume that if the county calling code maps to the
		// non-geo entity region code then that's the only region code
		// it maps to.
		if len(regionCodes) == 1 && REGION_CODE_FOR_NON_GEO_ENTITY == regionCodes[0] {
			// This is the subset of all country codes that map to the
			// non-geo entity region code.
			mc.countryCodesForNonGeographicalRegion[eKey] = true
		} else {
			// The supported regions set does not include the "001"
			// non-geo entity region code.
			for _, val := range regionCodes {
				mc.supportedRegions[val] = true
			}
		}

		mc.supportedCallingCodes[eKey] = true
	}
	// If the non-geo entity still got added to the set of supported regions it
	// must be because there are entries that list the non-geo entity alongside
	// normal regions (which is wrong). If we discover this, remove the non-geo
	// entity from the set of supported regions.
	delete(mc.supportedRegions, REGION_CODE_FOR_NON_GEO_ENTITY)

	for _, val := range countryCodeToRegion[NANPA_COUNTRY_CODE] {
		mc.nanpaRegions[val] = struct{}{}
	}
}

// useMetadata swaps the active metadata container, returning a function that
// restores the previously active container. It is intended for tests that need
// to run against alternate (e.g. synthetic) metadata; callers must invoke the
// returned restore function (typically via t.Cleanup) and must not run such
// tests in parallel, since the active container is process-global.
func useMetadata(mc *metadataContainer) (restore func()) {
	prev := md()
	currentMetadata = mc
	return func() { currentMetadata = prev }
}

func readFromNanpaRegions(key string) (struct{}, bool) {
	v, ok := md().nanpaRegions[key]
	return v, ok
}

func readFromRegionToMetadataMap(key string) (*PhoneMetadata, bool) {
	v, ok := md().regionToMetadataMap[key]
	if !ok {
		return nil, false
	}
	return v.get(), true
}

func readFromCountryCodeToNonGeographicalMetadataMap(key int) (*PhoneMetadata, bool) {
	v, ok := md().countryCodeToNonGeographicalMetadataMap[key]
	if !ok {
		return nil, false
	}
	return v.get(), true
}

var (
	currMetadataColl *PhoneMetadataCollection
	reloadMetadata   = true
)

// MetadataCollection returns the embedded territory metadata collection. The
// result is parsed once and cached; it always reflects the embedded data and
// is independent of any container swapped in via useMetadata.
func MetadataCollection() (*PhoneMetadataCollection, error) {
	if !reloadMetadata {
		return currMetadataColl, nil
	}

	metadataCollection := &PhoneMetadataCollection{}
	if err := metadataCollection.unmarshal(numberData); err != nil {
		return nil, err
	}
	currMetadataColl = metadataCollection
	reloadMetadata = false
	return metadataCollection, nil
}
