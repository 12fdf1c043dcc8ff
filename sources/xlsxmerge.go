package sources

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// sheetMerges returns the ranges ("A1:B1") of a sheet's merged cells. It
// streams the sheet's XML once, looking only for mergeCell elements
// (stored after all rows), so it never holds the sheet in memory.
func sheetMerges(file, sheet string) ([]string, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	part, err := sheetPart(&zr.Reader, sheet)
	if err != nil {
		return nil, err
	}
	for _, zf := range zr.File {
		if zf.Name == part {
			rc, err := zf.Open()
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			return scanMerges(rc)
		}
	}
	return nil, fmt.Errorf("sheet %q: part %s missing", sheet, part)
}

// sheetPart finds the zip part of a sheet through the workbook and its
// relationships.
func sheetPart(zr *zip.Reader, sheet string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(zr, "xl/workbook.xml", &wb); err != nil {
		return "", err
	}
	if err := decodePart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", err
	}
	for _, s := range wb.Sheets {
		if !strings.EqualFold(s.Name, sheet) {
			continue
		}
		for _, r := range rels.Rel {
			if r.ID == s.RID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("sheet %q not in the workbook", sheet)
}

func decodePart(zr *zip.Reader, name string, v any) error {
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			return xml.NewDecoder(rc).Decode(v)
		}
	}
	return fmt.Errorf("part %s missing", name)
}

// scanMerges returns the ref attributes of the mergeCell elements in r,
// scanning bytes in chunks rather than decoding XML.
func scanMerges(r io.Reader) ([]string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var refs []string
	var buf []byte
	chunk := make([]byte, 64<<10)
	for {
		n, err := br.Read(chunk)
		buf = append(buf, chunk[:n]...)
		pending := -1
		for {
			i := bytes.Index(buf, []byte("mergeCell "))
			if i < 0 {
				break
			}
			end := bytes.IndexByte(buf[i:], '>')
			if end < 0 {
				pending = i // the element continues in the next chunk
				break
			}
			el := buf[i : i+end]
			if j := bytes.Index(el, []byte(`ref="`)); j >= 0 {
				if k := bytes.IndexByte(el[j+5:], '"'); k >= 0 {
					refs = append(refs, string(el[j+5:j+5+k]))
				}
			}
			buf = buf[i+end:]
		}
		switch {
		case pending >= 0:
			buf = append(buf[:0], buf[pending:]...)
		case len(buf) > 16: // keep what may be the start of "mergeCell "
			buf = append(buf[:0], buf[len(buf)-16:]...)
		}
		if err == io.EOF {
			return refs, nil
		}
		if err != nil {
			return refs, err
		}
	}
}
