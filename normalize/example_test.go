package normalize_test

import (
	"fmt"

	"github.com/doppel-dev/doppel/normalize"
)

func ExampleNormalizer_Key() {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(n.Key("  Robert  MÜLLER "))
	fmt.Println(n.Key("ＭＵＬＬＥＲ"))
	fmt.Println(n.Key("O'Brien-Straße"))
	fmt.Println(n.Key("ｶﾞｰﾃﾞﾝ"))
	// Output:
	// robert muller
	// muller
	// obrien strasse
	// ガーデン
}

func ExampleNormalizer_ParseName() {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		panic(err)
	}
	for _, s := range []string{"Dr. Robert J. Müller Jr.", "MUELLER, Bob", "van der Berg, Anna"} {
		nm := n.ParseName(s)
		fmt.Printf("title=%q given=%q middle=%q family=%q suffix=%q\n", nm.Title, nm.Given, nm.Middle, nm.Family, nm.Suffix)
	}
	// Output:
	// title="dr" given="robert" middle="j" family="muller" suffix="jr"
	// title="" given="bob" middle="" family="mueller" suffix=""
	// title="" given="anna" middle="" family="van der berg" suffix=""
}
