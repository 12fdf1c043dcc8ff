package pipeline_test

import (
	"testing"

	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/runfiles"
)

// TestFileNames: the pipeline's file name constants are those runfiles
// declares.
func TestFileNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    runfiles.File
	}{
		{pipeline.CrosswalkFile, runfiles.Crosswalk}, {pipeline.GoldenFile, runfiles.Golden},
		{pipeline.LineageFile, runfiles.Lineage}, {pipeline.PairsFile, runfiles.Pairs},
		{pipeline.RejectsFile, runfiles.Rejects}, {pipeline.ReviewFile, runfiles.Review},
		{pipeline.RecordsFile, runfiles.Records}, {pipeline.SummaryFile, runfiles.Summary},
		{pipeline.ReportFile, runfiles.Report},
	} {
		if tc.name != tc.f.Name() {
			t.Errorf("pipeline says %q, runfiles %q", tc.name, tc.f.Name())
		}
	}
}
