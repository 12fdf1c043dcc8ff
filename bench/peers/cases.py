"""Load a benchmark case into one common layout for the peer tools.

Every peer (Splink, recordlinkage, dedupe) sees the same records: a list of
tables (one for a deduplication, two for a linkage, three for the synthetic
exports), each a pandas DataFrame with the columns

    uid      globally unique key "source|record_id" (never read by a matcher)
    source   crosswalk source name, as the truth file keys it
    rid      the record's id in its file
    <roles>  lower-cased text under role names: first_name, surname, dob
             (ISO yyyy-mm-dd), email, postcode, city, address, phone, name
             (organisation or free-text name) and any extra columns kept as is

The role mapping below is by column name only: a peer is configured from the
roles a data set has, the same way for every data set. `write_crosswalk`
writes the clusters in doppel's crosswalk layout (source,record_id,golden_id)
so that `doppel eval` scores every tool with the same code.
"""

import csv
import os
import re

import pandas as pd

# Columns that carry a role, by data set (column name -> role). Columns not
# listed are left out; the mapping is what a user would do by reading the
# header, nothing tuned on the truth.
FEBRL = {
    "given_name": "first_name",
    "surname": "surname",
    "date_of_birth": "dob_yyyymmdd",
    "postcode": "postcode",
    "suburb": "city",
    "address_1": "address",
    "street_number": "street_number",
    "soc_sec_id": "soc_sec_id",
    "state": "state",
}
SPLINK_FAKE = {"first_name": "first_name", "surname": "surname", "dob": "dob", "city": "city", "email": "email"}
RLDATA = {"fname_c1": "first_name", "lname_c1": "surname", "by": "dob_y", "bm": "dob_m", "bd": "dob_d"}
ROLES = {
    "febrl1": FEBRL,
    "febrl2": FEBRL,
    "febrl3": FEBRL,
    "febrl4": FEBRL,
    "splink_fake_1000": SPLINK_FAKE,
    "splink_fake_20000": SPLINK_FAKE,
    "splink_historical_50k": {
        "first_name": "first_name",
        "surname": "surname",
        "dob": "dob",
        "birth_place": "city",
        "postcode_fake": "postcode",
        "gender": "gender",
        "occupation": "occupation",
    },
    "rldata500": RLDATA,
    "rldata10000": RLDATA,
    "essnet_census_cis": {
        "pername1": "first_name",
        "pername2": "surname",
        "sex": "gender",
        "dob_day": "dob_d",
        "dob_mon": "dob_m",
        "dob_year": "dob_y",
        "enumpc": "postcode",
        "enumcap": "address",
    },
    "foreigners_pl": {"fname": "first_name", "surname": "surname", "date": "dob_slash", "region": "city", "country": "country"},
    "restaurant_fodors_zagat": {"name": "name", "addr": "address", "city": "city", "phone": "phone"},
    "dedupe_chicago_childcare": {"Site name": "name", "Address": "address", "Zip": "postcode", "Phone": "phone"},
    "dedupe_patstat_nl": {"Name": "name", "Coauthor": "coauthor"},
    "deduplipy_stoxx50": {"name": "name"},
}

# The roles each tool compares, in this order (extras after them).
CORE = ["first_name", "surname", "name", "dob", "email", "postcode", "city", "address", "phone"]


def _iso(y, m, d):
    """Return yyyy-mm-dd, or None when a part is missing or not a number."""
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1000 <= y <= 2999):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _clean(series):
    s = series.fillna("").astype(str).str.strip().str.lower()
    return s.where(s != "", None)


def _public(name, path, source):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    mapping = ROLES[name]
    out = pd.DataFrame({"source": source, "rid": df["id"]})
    for col, role in mapping.items():
        if col in df.columns:
            out[role] = _clean(df[col])
    if "dob_yyyymmdd" in out:
        v = out.pop("dob_yyyymmdd").fillna("")
        out["dob"] = [_iso(x[:4], x[4:6], x[6:8]) if len(x) == 8 else None for x in v]
    if "dob_y" in out:
        y, m, d = out.pop("dob_y"), out.pop("dob_m"), out.pop("dob_d")
        out["dob"] = [_iso(a, b, c) for a, b, c in zip(y, m, d)]
    if "dob_slash" in out:
        v = out.pop("dob_slash").fillna("")
        out["dob"] = [_iso(*x.split("/")) if x.count("/") == 2 else None for x in v]
    if "dob" in out:
        out["dob"] = [x if x and re.fullmatch(r"\d{4}-\d{2}-\d{2}", x) else None for x in out["dob"]]
    return out


def _split_last_comma_first(v):
    if v and "," in v:
        last, first = v.split(",", 1)
        return first.strip() or None, last.strip() or None
    return _split_first_last(v)


def _split_first_last(v):
    if not v:
        return None, None
    parts = v.split()
    if len(parts) == 1:
        return None, parts[0]
    return " ".join(parts[:-1]), parts[-1]


def _synthetic(folder):
    """Harmonise doppel-synth's exports (crm, billing, support, webshop) to
    one schema: what a user of the peers has to write by hand, schema by
    schema; doppel reads them as they are."""
    tables = []
    for fname in sorted(os.listdir(folder)):
        path = os.path.join(folder, fname)
        source, ext = os.path.splitext(fname)
        if ext not in (".csv", ".tsv"):
            continue
        with open(path, encoding="utf-8-sig") as f:
            head = f.readline()
        sep = "\t" if ext == ".tsv" else max((";", ",", "|"), key=head.count)
        df = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
        cols = {c.lower(): c for c in df.columns}
        out = pd.DataFrame({"source": source, "rid": df[df.columns[0]]})

        def col(*names):
            for n in names:
                if n.lower() in cols:
                    return _clean(df[cols[n.lower()]])
            return pd.Series([None] * len(df))

        if "first name" in cols:  # crm
            out["first_name"], out["surname"] = col("First Name"), col("Last Name")
        elif "first_name" in cols:  # webshop
            out["first_name"], out["surname"] = col("first_name"), col("surname")
        elif "name" in cols:  # billing: "NACHNAME, Vorname"
            pairs = [_split_last_comma_first(v) for v in col("Name")]
            out["first_name"] = [p[0] for p in pairs]
            out["surname"] = [p[1] for p in pairs]
        else:  # support: full name in one column
            pairs = [_split_first_last(v) for v in col("full_name")]
            out["first_name"] = [p[0] for p in pairs]
            out["surname"] = [p[1] for p in pairs]
        # Dates: ISO (crm), DD.MM.YYYY (billing), MM/DD/YYYY (support's
        # dob), DD/MM/YYYY (webshop's birthday).
        day_first = "birthday" in cols
        dob = col("Date of Birth", "Geburtsdatum", "dob", "birthday").fillna("")
        iso = []
        for v in dob:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                iso.append(v)
            elif re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", v):
                d, m, y = v.split(".")
                iso.append(_iso(y, m, d))
            elif re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", v):
                a, b, y = v.split("/")
                iso.append(_iso(y, b, a) if day_first else _iso(y, a, b))
            else:
                iso.append(None)
        out["dob"] = iso
        out["email"] = col("Email", "E-Mail", "e_mail")
        out["postcode"] = col("ZIP", "PLZ", "zip", "postal_code")
        out["city"] = col("City", "Ort", "town")
        out["address"] = col("Street", "Straße", "address_line")
        phone = col("Phone", "Telefon", "mobile", "telephone").fillna("")
        out["phone"] = [re.sub(r"\D", "", p)[-8:] or None for p in phone]
        if any(c in cols for c in ("company", "firma", "organisation", "company_name")):
            out["company"] = col("Company", "Firma", "organisation", "company_name")
        tables.append(out)
    return tables


def load(case_dir):
    """Return (name, task, tables) for a data set folder or a synthetic run
    folder (one with in/ and truth.csv)."""
    name = os.path.basename(os.path.normpath(case_dir))
    if os.path.isdir(os.path.join(case_dir, "in")):
        tables = _synthetic(os.path.join(case_dir, "in"))
        task = "dedup"
    elif os.path.exists(os.path.join(case_dir, "records.csv")):
        tables = [_public(name, os.path.join(case_dir, "records.csv"), "records")]
        task = "dedup"
    else:
        tables = [_public(name, os.path.join(case_dir, f + ".csv"), f) for f in ("a", "b")]
        task = "link"
    for t in tables:
        t.insert(0, "uid", t["source"] + "|" + t["rid"])
    # Every table gets every column (empty where its export has none), so
    # that the exports of a deduplication can be stacked.
    allcols = []
    for t in tables:
        allcols += [c for c in t.columns if c not in allcols]
    tables = [t.reindex(columns=allcols) for t in tables]
    return name, task, tables


def roles(tables, task="link"):
    """The comparison roles the tables have, core roles first. For a linkage
    a role counts when every table has a value in it; for a deduplication
    (whose tables are stacked into one) when any table has."""
    need = any if task == "dedup" else all
    have = [c for c in tables[0].columns if c not in ("uid", "source", "rid") and need(t[c].notna().any() for t in tables)]
    return [r for r in CORE if r in have] + [r for r in have if r not in CORE]


class UnionFind:
    """Connected components over uids (for tools that return pairs)."""

    def __init__(self):
        self.parent = {}

    def find(self, x):
        p = self.parent.setdefault(x, x)
        while p != self.parent.get(p, p):
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        return p

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra > rb:
                ra, rb = rb, ra
            self.parent[rb] = ra


def write_crosswalk(path, tables, cluster_of):
    """Write source,record_id,golden_id for every record; cluster_of maps a
    uid to its cluster key (a record not in it is a singleton)."""
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "record_id", "golden_id"])
        for t in tables:
            for uid, src, rid in zip(t["uid"], t["source"], t["rid"]):
                w.writerow([src, rid, "C" + str(cluster_of.get(uid, uid))])
    os.replace(tmp, path)


def truth_entities(case_dir, tables):
    """Map uid -> entity from the case's truth.csv (used only to draw
    dedupe's labelled training sample)."""
    tr = pd.read_csv(os.path.join(case_dir, "truth.csv"), dtype=str, keep_default_na=False)
    if "source" in tr.columns:
        keys = tr["source"] + "|" + tr["id"]
    else:
        by_rid = {}
        for t in tables:
            for uid, rid in zip(t["uid"], t["rid"]):
                by_rid[rid] = uid
        keys = tr["id"].map(by_rid)
    return dict(zip(keys, tr["entity"]))
