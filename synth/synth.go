// Package synth generates synthetic departmental customer exports with known
// duplicates, for benchmarking doppel on any number of records.
//
// Generate writes K exports with different schemas (delimiter, header names,
// name layout, date and phone formats; see Schemas) and a truth file
// (source,id,entity). A share Config.Dup of the records are corrupted
// copies of an earlier customer: typos, nicknames, swapped names, day/month
// swaps, missing fields, e-mail +tags and gmail dots, reformatted phones,
// street abbreviations, transliterated umlauts, moved addresses.
//
// With Config.Hard > 0 a share of the new customers start a hard case
// (see CaseKinds): households (spouses, children; a quarter of the couples
// with two family names), a junior and a senior
// with one name, twins, colleagues sharing a company's switchboard and
// office, movers, unrelated people with the same placeholder values, Chinese
// customers in Han characters in the first export and in pinyin in the
// others, and company customers with their legal form written short or long.
// Every export then has a company column, and Generate also writes
// cases.csv (source,id,kind,group: the hard case of every record; records of
// one kind and group are each other's hard negatives) and households.csv
// (source,id,household). Hard 0 gives exactly the output of a generator
// without hard cases.
//
// Output is a pure function of the Config: the same seed gives byte-identical
// files. Only the standard library is used. Generate is safe to call from
// several goroutines at once (each call has its own state).
package synth

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// Config controls a generation run. Files 0 means 3.
type Config struct {
	Records int     // total data rows over all exports
	Files   int     // number of exports (default 3); schemas repeat after 4
	Dup     float64 // share of records that duplicate an earlier customer, 0 <= Dup < 1 (0: no duplicates)
	Seed    uint64  // random seed; equal seeds give equal output

	// Windows1252 writes the semicolon ("billing") schema in Windows-1252
	// like a legacy ERP export; otherwise every file is UTF-8. Characters
	// outside Windows-1252 are folded to ASCII (ş -> s) as such exports do.
	Windows1252 bool

	// Hard is the share of new customers that start a hard case, 0 <= Hard
	// < 1 (0: none).
	Hard float64
}

// File describes one written export.
type File struct {
	Source  string // source name: file name without extension
	Path    string // path written
	Schema  string // schema name (crm, billing, support, webshop)
	Records int    // data rows
}

// Result summarises a generation run.
type Result struct {
	Files      []File
	TruthPath  string
	CasesPath  string // cases.csv (Hard > 0 only)
	HousePath  string // households.csv (Hard > 0 only)
	Records    int    // data rows over all files
	Entities   int    // distinct customers
	Duplicates int    // rows that copy an earlier customer
}

// Generate writes cfg.Files exports into dir (created if needed) and the
// truth file to truthPath (dir/truth.csv when empty).
func Generate(cfg Config, dir, truthPath string) (Result, error) {
	if cfg.Files == 0 {
		cfg.Files = 3
	}
	switch {
	case cfg.Records < 0:
		return Result{}, fmt.Errorf("synth: negative record count %d", cfg.Records)
	case cfg.Files < 1 || cfg.Files > 1000:
		return Result{}, fmt.Errorf("synth: file count %d out of range 1..1000", cfg.Files)
	case !(cfg.Dup >= 0 && cfg.Dup < 1):
		return Result{}, fmt.Errorf("synth: duplicate share %v out of range [0,1)", cfg.Dup)
	case !(cfg.Hard >= 0 && cfg.Hard < 1):
		return Result{}, fmt.Errorf("synth: hard-case share %v out of range [0,1)", cfg.Hard)
	}
	if truthPath == "" {
		truthPath = filepath.Join(dir, "truth.csv")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("synth: %w", err)
	}
	g := newGenerator(cfg)
	res := Result{TruthPath: truthPath}

	var closers []*os.File
	defer func() {
		for _, f := range closers {
			f.Close()
		}
	}()
	create := func(path string) (*bufio.Writer, error) {
		f, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
		closers = append(closers, f)
		return bufio.NewWriterSize(f, 256<<10), nil
	}

	hard := cfg.Hard > 0
	schemas := Schemas()
	outs := make([]*output, cfg.Files)
	for i := range outs {
		s := schemas[i%len(schemas)]
		src := s.Name
		if i >= len(schemas) {
			src = fmt.Sprintf("%s_%d", s.Name, i/len(schemas)+1)
		}
		path := filepath.Join(dir, src+s.Ext)
		w, err := create(path)
		if err != nil {
			return Result{}, err
		}
		o := &output{schema: s, source: src, path: path, w: w, cp1252: cfg.Windows1252 && s.Delim == ';'}
		if hard {
			o.schema.Header = append(slices.Clone(s.Header), companyHeader(s.Name))
		}
		if err := o.writeHeader(); err != nil {
			return Result{}, err
		}
		outs[i] = o
	}
	tw, err := create(truthPath)
	if err != nil {
		return Result{}, err
	}
	if _, err := tw.WriteString("source,id,entity\n"); err != nil {
		return Result{}, fmt.Errorf("synth: write truth: %w", err)
	}

	var cw, hw *bufio.Writer
	if hard {
		res.CasesPath = filepath.Join(dir, "cases.csv")
		res.HousePath = filepath.Join(dir, "households.csv")
		if cw, err = create(res.CasesPath); err != nil {
			return Result{}, err
		}
		if hw, err = create(res.HousePath); err != nil {
			return Result{}, err
		}
		if _, err := cw.WriteString("source,id,kind,group\n"); err != nil {
			return Result{}, fmt.Errorf("synth: write cases: %w", err)
		}
		if _, err := hw.WriteString("source,id,household\n"); err != nil {
			return Result{}, fmt.Errorf("synth: write households: %w", err)
		}
	}

	var line []byte
	var seen []bool // per person: a record was written
	for i := 0; i < cfg.Records; i++ {
		ent, dup, file := g.next()
		if file < 0 {
			file = g.r.IntN(len(outs))
		}
		if ent >= len(seen) {
			seen = append(seen, make([]bool, ent+1-len(seen))...)
		}
		if seen[ent] {
			res.Duplicates++
		} else {
			seen[ent] = true
			res.Entities++
		}
		o := outs[file]
		o.rows++
		id := o.schema.id(o.rows)
		f := g.render(ent, dup, file)
		line = o.schema.row(line[:0], id, &f, o.schema)
		if hard {
			line = append(line[:len(line)-1], o.schema.Delim)
			line = appendField(line, f.company, o.schema.Delim)
			line = append(line, '\n')
		}
		if err := o.write(line); err != nil {
			return Result{}, err
		}
		line = append(line[:0], o.source...)
		line = append(line, ',')
		line = append(line, id...)
		line = append(line, ",E"...)
		line = strconv.AppendInt(line, int64(ent)+1, 10)
		line = append(line, '\n')
		if _, err := tw.Write(line); err != nil {
			return Result{}, fmt.Errorf("synth: write truth: %w", err)
		}
		if hard {
			kind, group, household := g.caseOf(ent)
			line = append(line[:0], o.source...)
			line = append(line, ',')
			line = append(line, id...)
			line = append(line, ',')
			line = append(line, kind...)
			line = append(line, ',')
			line = append(line, group...)
			line = append(line, '\n')
			if _, err := cw.Write(line); err != nil {
				return Result{}, fmt.Errorf("synth: write cases: %w", err)
			}
			line = append(line[:0], o.source...)
			line = append(line, ',')
			line = append(line, id...)
			line = append(line, ',')
			line = append(line, household...)
			line = append(line, '\n')
			if _, err := hw.Write(line); err != nil {
				return Result{}, fmt.Errorf("synth: write households: %w", err)
			}
		}
	}

	for _, o := range outs {
		if err := o.w.Flush(); err != nil {
			return Result{}, fmt.Errorf("synth: write %s: %w", o.path, err)
		}
		res.Files = append(res.Files, File{Source: o.source, Path: o.path, Schema: o.schema.Name, Records: o.rows})
		res.Records += o.rows
	}
	if err := tw.Flush(); err != nil {
		return Result{}, fmt.Errorf("synth: write truth: %w", err)
	}
	if hard {
		if err := cw.Flush(); err != nil {
			return Result{}, fmt.Errorf("synth: write cases: %w", err)
		}
		if err := hw.Flush(); err != nil {
			return Result{}, fmt.Errorf("synth: write households: %w", err)
		}
	}
	var errs []error
	for _, f := range closers {
		if err := f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("synth: close: %w", err))
		}
	}
	closers = nil
	return res, errors.Join(errs...)
}

// output is one export being written.
type output struct {
	schema Schema
	source string
	path   string
	w      *bufio.Writer
	rows   int
	cp1252 bool
	enc    []byte
}

func (o *output) write(line []byte) error {
	if o.cp1252 {
		o.enc = toWindows1252(o.enc[:0], line)
		line = o.enc
	}
	if _, err := o.w.Write(line); err != nil {
		return fmt.Errorf("synth: write %s: %w", o.path, err)
	}
	return nil
}

func (o *output) writeHeader() error {
	var b []byte
	if o.schema.BOM {
		b = append(b, "\ufeff"...)
	}
	for i, h := range o.schema.Header {
		if i > 0 {
			b = append(b, o.schema.Delim)
		}
		b = appendField(b, h, o.schema.Delim)
	}
	b = append(b, '\n')
	return o.write(b)
}

// generator holds the state of one run. Not safe for concurrent use.
type generator struct {
	cfg    Config
	r      *rand.Rand
	t      *tables
	people []person
	scratch

	hard       map[int]*hardInfo // hard-case customers by person index
	companies  []company
	domainUses map[string]int // companies per name slug
	pending    []emit         // records of a hard case still to write
}

func newGenerator(cfg Config) *generator {
	return &generator{
		cfg:        cfg,
		r:          rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		t:          newTables(),
		hard:       make(map[int]*hardInfo),
		domainUses: make(map[string]int),
		people:     make([]person, 0, min(int(float64(cfg.Records)*(1-cfg.Dup)*1.01)+16, 1<<24)),
	}
}

// next returns the customer of the next record, whether to render it as a
// corrupted duplicate, and the export to write it to (-1: any).
func (g *generator) next() (int, bool, int) {
	if len(g.pending) > 0 {
		e := g.pending[0]
		g.pending = g.pending[1:]
		return e.ent, e.dup, e.file
	}
	if len(g.people) > 0 && g.r.Float64() < g.cfg.Dup {
		return g.r.IntN(len(g.people)), true, -1
	}
	if g.cfg.Hard > 0 && g.r.Float64() < g.cfg.Hard {
		return g.newCase()
	}
	g.people = append(g.people, g.newPerson())
	return len(g.people) - 1, false, -1
}
