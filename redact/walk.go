package redact

import (
	"reflect"
	"slices"
	"strings"
)

// walker deep-copies a value, redacting every string (and []byte) in it.
// Walking by reflection rather than field by field means a field added to
// the snapshot or casefile model later is redacted too, by default.
type walker struct {
	r *Redactor
	// full redacts account ids and addresses never seen before; otherwise
	// only known values are replaced (content of case studies not redacted).
	full bool
	// keep lists fields copied unchanged, by struct type and field name:
	// paths the later stages still read files from.
	keep map[reflect.Type][]string
}

var bytesType = reflect.TypeFor[[]byte]()

// copy returns a redacted deep copy of v; field is the name of the struct
// field v was found in ("" elsewhere), which selects tag handling.
func (w *walker) copy(v reflect.Value, field string) reflect.Value {
	t := v.Type()
	switch v.Kind() {
	case reflect.String:
		return reflect.ValueOf(w.r.text(v.String(), w.full)).Convert(t)
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.New(t.Elem())
		out.Elem().Set(w.copy(v.Elem(), field))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.New(t).Elem()
		out.Set(w.copy(v.Elem(), field))
		return out
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		if t == bytesType || (t.Elem().Kind() == reflect.Uint8 && t.ConvertibleTo(bytesType)) {
			b := w.r.text(string(v.Bytes()), w.full)
			return reflect.ValueOf([]byte(b)).Convert(t)
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(w.copy(v.Index(i), field))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := range v.Len() {
			out.Index(i).Set(w.copy(v.Index(i), field))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(t)
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		tags := field == "Tags" && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.String
		for _, k := range sortedKeys(v) {
			val := v.MapIndex(k)
			var nv reflect.Value
			if tags && w.full && w.r.tagKeys[strings.ToLower(k.String())] {
				nv = reflect.ValueOf(w.r.tagValue(val.String())).Convert(t.Elem())
			} else {
				nv = w.copy(val, "")
			}
			out.SetMapIndex(w.copy(k, ""), nv)
		}
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v) // unexported fields (time.Time's) are copied as they are
		keep := w.keep[t]
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || slices.Contains(keep, f.Name) {
				continue
			}
			out.Field(i).Set(w.copy(v.Field(i), f.Name))
		}
		return out
	default:
		return v
	}
}

// sortedKeys returns a map's keys in a fixed order, so pseudonyms that depend
// on the order values are met in (collisions) come out the same every time.
func sortedKeys(v reflect.Value) []reflect.Value {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		if a.Kind() == reflect.String {
			return strings.Compare(a.String(), b.String())
		}
		return 0
	})
	return keys
}

// visitTags calls fn with every key and value of every Tags map below v.
func visitTags(v reflect.Value, fn func(key, value string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			visitTags(v.Elem(), fn)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			visitTags(v.Index(i), fn)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			if f.Name == "Tags" && fv.Kind() == reflect.Map && f.Type.Key().Kind() == reflect.String && f.Type.Elem().Kind() == reflect.String {
				for _, k := range sortedKeys(fv) {
					fn(k.String(), fv.MapIndex(k).String())
				}
				continue
			}
			visitTags(fv, fn)
		}
	case reflect.Map:
		for _, k := range sortedKeys(v) {
			visitTags(v.MapIndex(k), fn)
		}
	}
}
