package csvio_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/csvio"
)

// A departmental export with a semicolon delimiter, a quoted multi-line
// address and one broken row: the broken row is reported with its line and
// the rows after it are still read.
func ExampleReader() {
	export := "Kundennr;Name;Adresse\r\n" +
		"17;Müller, Hans;\"Hauptstr. 1\r\n10115 Berlin\"\r\n" +
		"18;Schmidt \"Jo\";Köln\r\n" +
		"19;Weber;Bonn\r\n"
	r, err := csvio.NewReader(strings.NewReader(export), "crm.csv", csvio.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	fmt.Printf("header %q, delimiter %q, %s\n", r.Header(), r.Delimiter(), r.Encoding())
	rejects := csvio.NewWriter(os.Stdout)
	for {
		row, line, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *doppel.RowError
		if errors.As(err, &re) {
			rejects.Write([]string{re.File, fmt.Sprint(re.Line), re.Err.Error(), csvio.EscapeFormula(r.RawLine())})
			continue
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("line %d: %q\n", line, row)
	}
	rejects.Flush()
	// Output:
	// header ["Kundennr" "Name" "Adresse"], delimiter ';', utf-8
	// line 2: ["17" "Müller, Hans" "Hauptstr. 1\n10115 Berlin"]
	// line 5: ["19" "Weber" "Bonn"]
	// crm.csv,4,"broken quoting: bare "" in an unquoted field (quote the field and double the quote)","18;Schmidt ""Jo"";Köln"
}
