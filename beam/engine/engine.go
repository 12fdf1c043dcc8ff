// Package engine runs doppel's candidate stages on Apache Beam: it
// implements match.Engine, so that `doppel dedupe` with this engine reads,
// normalises, fits the model, clusters and merges exactly as the local run
// does, while blocking, candidate pairs and their scoring (the work that
// grows with the number of candidate pairs) run as Beam pipelines on any
// Beam runner (Prism in tests, Flink, Spark or Dataflow on a cluster).
//
// Two pipelines run per dedupe, both reading the records from a file the
// driver writes:
//
//	training: records -> blocking keys -> GroupByKey per key -> pairs of the
//	          training records -> distinct (OR of key-kind masks) -> file
//	scoring:  records -> blocking keys -> GroupByKey per key -> pairs ->
//	          distinct -> count (side input: the prior) -> CoGroupByKey
//	          with the first record -> CoGroupByKey with the second record ->
//	          score with the fitted model (side input read from a file) ->
//	          edges file
//
// The driver fits the model on the training pairs between the two (as
// match.RunStore does) and clusters the returned edges.
package engine

import (
	"bufio"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // textio on local paths
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/doppel-dev/doppel/match"
)

// Engine is a match.Engine that runs on a Beam runner.
type Engine struct {
	// Runner is the Beam runner's name ("prism", "flink", "spark",
	// "dataflow", "universal"); "" means prism.
	Runner string
	// TempDir is where the records, the model and the pipelines' outputs
	// are exchanged with the workers: a folder every worker can read (a
	// gs:// path on Dataflow, a shared folder on Flink or Spark). "" means
	// a new folder under the system temp folder, removed afterwards.
	TempDir string
	// Log, if set, receives one line per pipeline run (its wall time).
	Log func(format string, args ...any)
	// Metrics adds to Log, per PCollection, the runner's element count
	// and sampled element size (where the runner reports them).
	Metrics bool
	// MergeShard is the number of golden records per shard of the merge
	// pipeline (0 = DefaultMergeShard).
	MergeShard int
	// ShardsDir, if set, is where the merge pipeline's workers write
	// golden.csv and lineage.csv as shards that stay (golden-00000-of-00020.csv,
	// ..., each with the header, in golden id order across the shards), on
	// any Beam file system; it must hold no shards yet. The run's golden.csv
	// and lineage.csv are still written, from the shards. FinishShards,
	// called when the run is over, writes _SUCCESS or removes the shards.
	// "" = shards in the exchange folder, removed.
	ShardsDir string

	shards []string // the shards the last Merge wrote to ShardsDir
}

var _ match.Engine = (*Engine)(nil)

// workDir returns the folder of one pipeline run and a function that
// removes it (with the files the engine writes there) afterwards.
func (e *Engine) workDir(ctx context.Context, name string) (string, func(), error) {
	if e.TempDir == "" {
		d, err := os.MkdirTemp("", "doppel-beam-"+name+"-")
		if err != nil {
			return "", nil, fmt.Errorf("beam engine: %w", err)
		}
		return d, func() { os.RemoveAll(d) }, nil
	}
	d := join(e.TempDir, name+"-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	if !strings.Contains(d, "://") {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", nil, fmt.Errorf("beam engine: %w", err)
		}
		return d, func() { os.RemoveAll(d) }, nil
	}
	return d, func() { removeFiles(ctx, d) }, nil
}

// removeFiles removes the exchange files from a remote folder (best
// effort: a file system without removal keeps them).
func removeFiles(ctx context.Context, dir string) {
	_ = withFS(ctx, dir, func(fs filesystem.Interface) error {
		r, ok := fs.(filesystem.Remover)
		if !ok {
			return nil
		}
		files, err := fs.List(ctx, join(dir, "*"))
		if err != nil {
			return err
		}
		for _, f := range files {
			_ = r.Remove(ctx, f)
		}
		return nil
	})
}

// join appends a name to a folder path or URL (path.Join would turn
// gs://b into gs:/b).
func join(dir, name string) string { return strings.TrimSuffix(dir, "/") + "/" + name }

func (e *Engine) run(ctx context.Context, name string, p *beam.Pipeline) error {
	runner := e.Runner
	if runner == "" {
		runner = "prism"
	}
	t := time.Now()
	res, err := beam.Run(ctx, runner, p)
	if err != nil {
		return fmt.Errorf("beam engine: %s pipeline on %s: %w", name, runner, err)
	}
	if e.Log != nil {
		e.Log("beam: %s pipeline on %s in %.1fs", name, runner, time.Since(t).Seconds())
		if e.Metrics && res != nil {
			for _, pc := range res.Metrics().AllMetrics().PCols() {
				v := pc.Result()
				e.Log("beam:   %s %s: %d elements, %.0f bytes each (sampled)", pc.Key.Step, pc.Key.Name, v.ElementCount,
					float64(v.SampledByteSize.Sum)/float64(max(v.SampledByteSize.Count, 1)))
			}
		}
	}
	return nil
}

// TrainingPairs implements match.Engine.
func (e *Engine) TrainingPairs(ctx context.Context, job *match.EngineJob, stride int) ([]match.TrainingPair, error) {
	dir, done, err := e.workDir(ctx, "train")
	if err != nil {
		return nil, err
	}
	defer done()
	recs := join(dir, "records.txt")
	if err := writeRecords(ctx, recs, job, false); err != nil {
		return nil, err
	}
	out := join(dir, "train.txt")
	p, s := beam.NewPipelineWithRoot()
	records := beam.ParDo(s, parseRecord, textio.Read(s, recs))
	pairs, _ := candidates(s, records, job.Block, stride)
	textio.Write(s, out, beam.ParDo(s, formatTrainPair, pairs))
	if err := e.run(ctx, "training", p); err != nil {
		return nil, err
	}
	var tps []match.TrainingPair
	err = readLines(ctx, out, func(line string) error {
		a, b, ok := strings.Cut(line, "\t")
		ab, err1 := strconv.ParseUint(a, 10, 64)
		mask, err2 := strconv.ParseUint(b, 10, 32)
		if !ok || err1 != nil || err2 != nil {
			return fmt.Errorf("bad training pair %q", line)
		}
		tps = append(tps, match.TrainingPair{AB: ab, Mask: uint32(mask)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(tps, func(x, y match.TrainingPair) int { return cmp.Compare(x.AB, y.AB) })
	return tps, nil
}

// Score implements match.Engine.
func (e *Engine) Score(ctx context.Context, job *match.EngineJob, sc *match.EngineScoring) ([]match.Pair, match.EngineStats, error) {
	var stats match.EngineStats
	dir, done, err := e.workDir(ctx, "score")
	if err != nil {
		return nil, stats, err
	}
	defer done()
	recs := join(dir, "records.txt")
	if err := writeRecords(ctx, recs, job, true); err != nil {
		return nil, stats, err
	}
	model := join(dir, "scoring.json")
	b, err := sc.Encode()
	if err != nil {
		return nil, stats, fmt.Errorf("beam engine: %w", err)
	}
	if err := writeFile(ctx, model, b); err != nil {
		return nil, stats, err
	}
	edgesPath, statsPath := join(dir, "edges.txt"), join(dir, "stats.txt")

	p, s := beam.NewPipelineWithRoot()
	records := beam.ParDo(s, parseRecord, textio.Read(s, recs))
	pairs, blockStats := candidates(s, records, job.Block, 0)
	ones := beam.ParDo(s, one, pairs)
	compared := beam.Combine(s, sumInt64, beam.Flatten(s, ones, beam.Create(s, int64(0))))
	// The model is read from a file by a worker (beam.Create would embed
	// it in the pipeline), then broadcast as a side input.
	scoring := beam.ParDo(s, readFile, beam.Create(s, model))
	byA := beam.ParDo(s, keyByA, pairs)
	halves := beam.ParDo(s, joinFirst, beam.CoGroupByKey(s, records, byA))
	edges := beam.ParDo(s, &scoreFn{}, beam.CoGroupByKey(s, records, halves),
		beam.SideInput{Input: scoring}, beam.SideInput{Input: compared})
	textio.Write(s, edgesPath, edges)
	counts := beam.Flatten(s, blockStats, beam.ParDo(s, comparedStat, compared))
	textio.Write(s, statsPath, beam.ParDo(s, formatStat, beam.CombinePerKey(s, sumInt64, counts)))
	if err := e.run(ctx, "scoring", p); err != nil {
		return nil, stats, err
	}

	var out []match.Pair
	err = readLines(ctx, edgesPath, func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return fmt.Errorf("bad edge %q", line)
		}
		a, err1 := strconv.ParseUint(f[0], 10, 32)
		b, err2 := strconv.ParseUint(f[1], 10, 32)
		code, err3 := strconv.ParseUint(f[2], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return fmt.Errorf("bad edge %q", line)
		}
		out = append(out, match.Pair{A: uint32(a), B: uint32(b), Code: code})
		return nil
	})
	if err != nil {
		return nil, stats, err
	}
	slices.SortFunc(out, func(x, y match.Pair) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	err = readLines(ctx, statsPath, func(line string) error {
		name, v, _ := strings.Cut(line, "\t")
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("bad stat %q", line)
		}
		switch name {
		case "compared":
			stats.Compared = n
		case "blocks":
			stats.Blocks = int(n)
		case "oversized":
			stats.Oversized = int(n)
		case "largest_block":
			if e.Log != nil {
				e.Log("beam: largest block %d records", n)
			}
		}
		return nil
	})
	return out, stats, err
}

// candidates adds blocking to the pipeline: the unique candidate pairs of
// records (index -> record bytes), as a<<32|b with the OR of the kinds of the
// complete blocks the two share, and per-block counts ("blocks",
// "oversized", "largest_block"). stride > 0 keeps only the pairs of training records.
func candidates(s beam.Scope, records beam.PCollection, blk match.BlockOptions, stride int) (pairs, stats beam.PCollection) {
	s = s.Scope("candidates")
	blk = blk.WithDefaults()
	keys := beam.ParDo(s, &keysFn{}, records)
	pairs, stats, sizes := beam.ParDo3(s, &blockFn{MaxBlock: blk.MaxBlock, Window: blk.Window, LinkOnly: blk.LinkOnly, Stride: stride},
		beam.GroupByKey(s, keys))
	largest := beam.Combine(s, maxInt64, beam.Flatten(s, sizes, beam.Create(s, int64(0))))
	return beam.CombinePerKey(s, orMask, pairs), beam.Flatten(s, stats, beam.ParDo(s, largestStat, largest))
}

// A record line is the base64 of: record index (uvarint), length of the
// features (uvarint), match.AppendFeatures, then the term-frequency
// adjustments (float32, little endian; none in the training pipeline).

// writeRecords writes the records of job to p, one line each.
func writeRecords(ctx context.Context, p string, job *match.EngineJob, tf bool) error {
	return writeTo(ctx, p, func(bw *bufio.Writer) error {
		var f match.Features
		var buf, feat []byte
		var tfs []float32
		st := job.Store
		for i := range st.Len() {
			st.Get(i, &f)
			feat = match.AppendFeatures(feat[:0], &f)
			buf = binary.AppendUvarint(buf[:0], uint64(i))
			buf = binary.AppendUvarint(buf, uint64(len(feat)))
			buf = append(buf, feat...)
			if tf {
				tfs = job.RecordTF(i, tfs[:0])
				for _, v := range tfs {
					buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
				}
			}
			bw.WriteString(base64.StdEncoding.EncodeToString(buf))
			if err := bw.WriteByte('\n'); err != nil {
				return err
			}
		}
		return nil
	})
}

// record is a decoded record line.
type record struct {
	idx  uint64
	feat string
	tf   []float32
}

func decodeRecord(b []byte) (record, error) {
	idx, n := binary.Uvarint(b)
	if n <= 0 {
		return record{}, fmt.Errorf("bad record")
	}
	l, m := binary.Uvarint(b[n:])
	if m <= 0 || uint64(len(b)-n-m) < l {
		return record{}, fmt.Errorf("bad record %d", idx)
	}
	r := record{idx: idx, feat: string(b[n+m : n+m+int(l)])}
	for rest := b[n+m+int(l):]; len(rest) >= 4; rest = rest[4:] {
		r.tf = append(r.tf, math.Float32frombits(binary.LittleEndian.Uint32(rest)))
	}
	return r, nil
}

// writeFile writes b to the file p (on any Beam file system).
func writeFile(ctx context.Context, p string, b []byte) error {
	return writeTo(ctx, p, func(bw *bufio.Writer) error {
		_, err := bw.Write(b)
		return err
	})
}

// writeTo creates the file p (on any Beam file system) and fills it with
// fill.
func writeTo(ctx context.Context, p string, fill func(*bufio.Writer) error) error {
	return withFS(ctx, p, func(fs filesystem.Interface) error {
		w, err := fs.OpenWrite(ctx, p)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := fill(bw); err != nil {
			w.Close()
			return err
		}
		if err := bw.Flush(); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	})
}

// readFrom opens the file p (on any Beam file system) and hands it to
// read.
func readFrom(ctx context.Context, p string, read func(io.Reader) error) error {
	return withFS(ctx, p, func(fs filesystem.Interface) error {
		r, err := fs.OpenRead(ctx, p)
		if err != nil {
			return err
		}
		defer r.Close()
		return read(r)
	})
}

// withFS calls f with the file system of p, and wraps its error with p.
func withFS(ctx context.Context, p string, f func(filesystem.Interface) error) error {
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return fmt.Errorf("beam engine: %s: %w", p, err)
	}
	defer fs.Close()
	if err := f(fs); err != nil {
		return fmt.Errorf("beam engine: %s: %w", p, err)
	}
	return nil
}

// readFileBytes returns the contents of the file p.
func readFileBytes(ctx context.Context, p string) ([]byte, error) {
	var b []byte
	err := readFrom(ctx, p, func(r io.Reader) (err error) {
		b, err = io.ReadAll(r)
		return err
	})
	return b, err
}

// readLines calls f with every non-empty line of the text file p.
func readLines(ctx context.Context, p string, f func(string) error) error {
	return readFrom(ctx, p, func(r io.Reader) error {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for sc.Scan() {
			if sc.Text() == "" {
				continue
			}
			if err := f(sc.Text()); err != nil {
				return err
			}
		}
		return sc.Err()
	})
}
