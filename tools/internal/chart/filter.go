package chart

import (
	"slices"
	"strconv"

	"pyevidence/tools/internal/dataset"
)

// rows returns the indexes of d's rows that pass every filter, in file order.
func (s *Spec) rows(d *dataset.Dataset) []int {
	var out []int
	for r := range d.Rows {
		if s.keep(d, r) {
			out = append(out, r)
		}
	}
	return out
}

func (s *Spec) keep(d *dataset.Dataset, r int) bool {
	for _, f := range s.Filters {
		i := d.Col(f.Column)
		if i < 0 {
			return false
		}
		v := d.Rows[r][i]
		c, _ := d.Column(f.Column)
		num := c.Type == dataset.TypeNumber || c.Type == dataset.TypeInteger
		switch {
		case len(f.In) > 0 && !slices.Contains(f.In, v),
			slices.Contains(f.NotIn, v),
			f.NonEmpty && v == "",
			f.Gte != "" && (v == "" || compare(v, f.Gte, num) < 0),
			f.Lte != "" && (v == "" || compare(v, f.Lte, num) > 0):
			return false
		}
	}
	return true
}

// compare orders numbers by value and everything else (dates as YYYY-MM-DD) by text.
func compare(a, b string, numeric bool) int {
	if numeric {
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 == nil && err2 == nil {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
