package cli

import (
	"flag"
	"strings"

	"github.com/doppel-dev/doppel/rules"
)

// inputFlags are the flags every command that reads exports and matches
// them shares (dedupe, audit).
type inputFlags struct {
	rules, region, dateOrder, encoding, delim *string
	threshold                                 *float64
}

// addInputFlags registers the shared flags on fs; rulesHelp describes what
// the rules file holds for this command.
func addInputFlags(fs *flag.FlagSet, rulesHelp string) *inputFlags {
	return &inputFlags{
		rules:     fs.String("rules", "", rulesHelp),
		threshold: fs.Float64("threshold", 0, "match probability threshold in (0,1) (default 0.5, or the rules file's)"),
		region:    fs.String("region", "", "default phone region, ISO 3166 code such as US, GB, DE, AU (default US, or the rules file's)"),
		dateOrder: fs.String("date-order", "", "order of ambiguous numeric dates: DMY, MDY or YMD (default DMY, or the rules file's)"),
		encoding:  fs.String("encoding", "", "input encoding when a file has no BOM: utf-8, windows-1252, latin1, utf-16le... (default: auto)"),
		delim:     fs.String("delimiter", "", "input delimiter: , ; tab | (default: sniffed per file)"),
	}
}

// inputSettings are the shared flags, validated.
type inputSettings struct {
	Rules     *rules.Config // nil without --rules
	Threshold float64
	Region    string
	DateOrder string
	Encoding  string
	Delimiter rune
}

// resolve validates the flags and loads the rules file.
func (f *inputFlags) resolve() (inputSettings, error) {
	s := inputSettings{Threshold: *f.threshold, Region: strings.ToUpper(*f.region), DateOrder: strings.ToUpper(*f.dateOrder), Encoding: *f.encoding}
	if s.Threshold < 0 || s.Threshold >= 1 {
		return s, usageErr("--threshold must be in (0,1), got %v", s.Threshold)
	}
	switch *f.delim {
	case "":
	case "tab", "\\t", "\t":
		s.Delimiter = '\t'
	default:
		if len([]rune(*f.delim)) != 1 {
			return s, usageErr("--delimiter must be one character or \"tab\", got %q", *f.delim)
		}
		s.Delimiter = []rune(*f.delim)[0]
	}
	if *f.rules != "" {
		cfg, err := rules.Load(*f.rules)
		if err != nil {
			return s, &exitError{ExitUsage, err}
		}
		s.Rules = cfg
	}
	return s, nil
}
