package engine

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/doppel-dev/doppel/pipeline"
)

// DefaultMergeShard is the number of golden records per output shard of
// the merge pipeline.
const DefaultMergeShard = 50_000

var _ pipeline.MergeEngine = (*Engine)(nil)

func init() {
	register.Function2x1(keyMember)
	register.DoFn4x1[int64, func(*[]byte) bool, []byte, func(int64, []byte), error](&mergeFn{})
	register.DoFn4x1[context.Context, int64, func(*[]byte) bool, func(string), error](&writeShardFn{})
}

// Merge implements pipeline.MergeEngine: the merge pipeline
//
//	member lines -> (golden index, member) -> GroupByKey per golden record
//	-> merge (pipeline.GoldenMerger; the spec is a side input read from a
//	file) -> (shard, rows) -> GroupByKey per shard -> one golden and one
//	lineage file per shard, rows in golden order
//
// and the driver then streams the shards, in order, into golden.csv and
// lineage.csv. A shard is a range of MergeShard golden indices, so the
// concatenation is in golden id order, as the local merge writes it.
func (e *Engine) Merge(ctx context.Context, job *pipeline.MergeJob, golden, lineage io.Writer) error {
	if job.Golden == 0 {
		return nil
	}
	dir, done, err := e.workDir(ctx, "merge")
	if err != nil {
		return err
	}
	defer done()
	shard := e.MergeShard
	if shard <= 0 {
		shard = DefaultMergeShard
	}
	nShards := (job.Golden + shard - 1) / shard
	shardsDir := dir
	if e.ShardsDir != "" {
		shardsDir = e.ShardsDir
		if err := emptyShardsDir(ctx, shardsDir); err != nil {
			return err
		}
	}
	gHeader, lHeader, err := pipeline.NewGoldenMerger(job.Spec).Headers()
	if err != nil {
		return fmt.Errorf("beam engine: %w", err)
	}
	membersPath, specPath := join(dir, "members.txt"), join(dir, "merge.json")
	err = writeTo(ctx, membersPath, func(bw *bufio.Writer) error {
		return job.Members(func(line []byte) error {
			bw.WriteString(base64.StdEncoding.EncodeToString(line))
			return bw.WriteByte('\n')
		})
	})
	if err != nil {
		return err
	}
	b, err := job.Spec.Encode()
	if err != nil {
		return fmt.Errorf("beam engine: %w", err)
	}
	if err := writeFile(ctx, specPath, b); err != nil {
		return err
	}
	shardsPath := join(dir, "shards.txt")

	p, s := beam.NewPipelineWithRoot()
	s = s.Scope("merge")
	members := beam.ParDo(s, keyMember, textio.Read(s, membersPath))
	spec := beam.ParDo(s, readFile, beam.Create(s, specPath))
	rows := beam.ParDo(s, &mergeFn{Shard: int64(shard)}, beam.GroupByKey(s, members), beam.SideInput{Input: spec})
	written := beam.ParDo(s, &writeShardFn{Dir: shardsDir, Shards: int64(nShards), GoldenHeader: gHeader, LineageHeader: lHeader}, beam.GroupByKey(s, rows))
	textio.Write(s, shardsPath, written)
	if err := e.run(ctx, "merge", p); err != nil {
		return err
	}

	// Every shard must be there with every golden record of its range:
	// nothing is lost between the workers and the outputs.
	counts := make([]int, nShards)
	err = readLines(ctx, shardsPath, func(line string) error {
		a, c, _ := strings.Cut(line, "\t")
		k, err1 := strconv.Atoi(a)
		n, err2 := strconv.Atoi(c)
		if err1 != nil || err2 != nil || k < 0 || k >= nShards {
			return fmt.Errorf("bad shard line %q", line)
		}
		counts[k] = n
		return nil
	})
	if err != nil {
		return err
	}
	for k := range nShards {
		if want := min(job.Golden, (k+1)*shard) - k*shard; counts[k] != want {
			return fmt.Errorf("beam engine: merge shard %d has %d golden records, want %d", k, counts[k], want)
		}
	}
	// One file each, for the run's outputs: the shards in order, each
	// without its header.
	for k := range nShards {
		for _, f := range []struct {
			name   string
			header []byte
			w      io.Writer
		}{{"golden", gHeader, golden}, {"lineage", lHeader, lineage}} {
			p := join(shardsDir, shardName(f.name, k, nShards))
			err := readFrom(ctx, p, func(r io.Reader) error {
				br := bufio.NewReaderSize(r, 1<<20)
				h := make([]byte, len(f.header))
				if _, err := io.ReadFull(br, h); err != nil || !bytes.Equal(h, f.header) {
					return fmt.Errorf("shard does not start with the %s header", f.name)
				}
				_, err := io.Copy(f.w, br)
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	if e.ShardsDir != "" {
		// FinishShards marks them complete once the run's outputs are.
		e.shards = e.shards[:0]
		for k := range nShards {
			e.shards = append(e.shards, join(shardsDir, shardName("golden", k, nShards)), join(shardsDir, shardName("lineage", k, nShards)))
		}
	}
	if e.Log != nil {
		e.Log("beam: merged %d golden records in %d shards", job.Golden, nShards)
	}
	return nil
}

// FinishShards ends the shards a run wrote to ShardsDir, once the run is
// over: ok (the run's outputs are committed) writes _SUCCESS, Hadoop's
// mark of a complete folder; otherwise the shards are removed, so the
// folder never holds the golden records of a run whose outputs were not
// written (doppel's outputs are all or nothing). Nothing to do without
// ShardsDir or shards.
func (e *Engine) FinishShards(ctx context.Context, ok bool) error {
	if e.ShardsDir == "" || len(e.shards) == 0 {
		return nil
	}
	shards := e.shards
	e.shards = nil
	if ok {
		return writeFile(ctx, join(e.ShardsDir, "_SUCCESS"), nil)
	}
	return withFS(ctx, e.ShardsDir, func(fs filesystem.Interface) error {
		r, can := fs.(filesystem.Remover)
		if !can {
			return fmt.Errorf("cannot remove the shards of a failed run (the file system has no removal)")
		}
		var errs []error
		for _, f := range shards {
			if err := r.Remove(ctx, f); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	})
}

// shardName is the file of shard k of n of the merge's golden or lineage
// rows.
func shardName(kind string, k, n int) string { return fmt.Sprintf("%s-%05d-of-%05d.csv", kind, k, n) }

// emptyShardsDir creates the shards folder if it is local and refuses one
// that holds shards or a _SUCCESS already: shards of two runs must not mix.
func emptyShardsDir(ctx context.Context, dir string) error {
	if !strings.Contains(dir, "://") {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("beam engine: shards folder: %w", err)
		}
	}
	return withFS(ctx, dir, func(fs filesystem.Interface) error {
		for _, glob := range []string{"golden-*.csv", "lineage-*.csv", "_SUCCESS"} {
			found, err := fs.List(ctx, join(dir, glob))
			if err != nil {
				return err
			}
			if len(found) > 0 {
				return fmt.Errorf("the shards folder already holds %s (from another run): give an empty folder", found[0])
			}
		}
		return nil
	})
}

// keyMember decodes a member line and keys it by its golden index.
func keyMember(line string, emit func(int64, []byte)) error {
	b, err := base64.StdEncoding.DecodeString(line)
	if err != nil {
		return fmt.Errorf("member line: %w", err)
	}
	m, err := pipeline.DecodeMergeMember(b)
	if err != nil {
		return err
	}
	emit(int64(m.Golden), b)
	return nil
}

// mergeFn merges one golden record and emits its rows keyed by shard: the
// golden index (uvarint), the length of the golden.csv row (uvarint), the
// golden row and the lineage rows.
type mergeFn struct {
	Shard  int64
	merger *pipeline.GoldenMerger
	ms     []pipeline.MergeMember
	out    []byte
}

// ProcessElement merges golden record g.
func (fn *mergeFn) ProcessElement(g int64, members func(*[]byte) bool, spec []byte, emit func(int64, []byte)) error {
	if fn.merger == nil {
		sp, err := pipeline.DecodeMergeSpec(spec)
		if err != nil {
			return err
		}
		fn.merger = pipeline.NewGoldenMerger(sp)
	}
	fn.ms = fn.ms[:0]
	var b []byte
	for members(&b) {
		m, err := pipeline.DecodeMergeMember(b)
		if err != nil {
			return fmt.Errorf("golden record %d: %w", g, err)
		}
		fn.ms = append(fn.ms, m)
	}
	gi, gRow, lRows, err := fn.merger.Merge(fn.ms)
	if err != nil {
		return err
	}
	if int64(gi) != g {
		return fmt.Errorf("golden record %d: members of %d", g, gi)
	}
	out := binary.AppendUvarint(nil, uint64(g))
	out = binary.AppendUvarint(out, uint64(len(gRow)))
	out = append(out, gRow...)
	out = append(out, lRows...)
	emit(g/fn.Shard, out)
	return nil
}

// writeShardFn writes the rows of one shard, in golden order, to the
// shard's golden and lineage files in Dir, each with its header, and emits
// "shard\tcount".
type writeShardFn struct {
	Dir                         string
	Shards                      int64
	GoldenHeader, LineageHeader []byte
}

// ProcessElement writes shard k.
func (fn *writeShardFn) ProcessElement(ctx context.Context, k int64, rows func(*[]byte) bool, emit func(string)) error {
	type merged struct {
		g               uint64
		golden, lineage []byte
	}
	var all []merged
	var b []byte
	for rows(&b) {
		g, n := binary.Uvarint(b)
		l, m := binary.Uvarint(b[max(n, 0):])
		if n <= 0 || m <= 0 || uint64(len(b)-n-m) < l {
			return fmt.Errorf("shard %d: bad merged row", k)
		}
		rest := bytes.Clone(b[n+m:])
		all = append(all, merged{g: g, golden: rest[:l], lineage: rest[l:]})
	}
	slices.SortFunc(all, func(a, b merged) int { return cmp.Compare(a.g, b.g) })
	for i := 1; i < len(all); i++ {
		if all[i].g == all[i-1].g {
			return fmt.Errorf("shard %d: golden record %d merged twice", k, all[i].g)
		}
	}
	for _, kind := range []string{"golden", "lineage"} {
		err := writeTo(ctx, join(fn.Dir, shardName(kind, int(k), int(fn.Shards))), func(bw *bufio.Writer) error {
			if kind == "golden" {
				bw.Write(fn.GoldenHeader)
			} else {
				bw.Write(fn.LineageHeader)
			}
			for _, r := range all {
				if kind == "golden" {
					bw.Write(r.golden)
				} else {
					bw.Write(r.lineage)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	emit(strconv.FormatInt(k, 10) + "\t" + strconv.Itoa(len(all)))
	return nil
}
