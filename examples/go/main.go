// A portal written in Go embeds kehoach through its C ABI (cgo): open a store,
// import a plan document, and print where the plan stands.
//
//	CGO_LDFLAGS="-L<dir of libkehoach_c.so> -lkehoach_c -Wl,-rpath,<dir>" go run . PLAN.json AS_OF
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../capi/include
#include <stdlib.h>
#include "kehoach.h"
*/
import "C"

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"unsafe"
)

// check turns a kh_status into a Go error carrying the library's message.
func check(status C.kh_status) error {
	if status == C.KH_OK {
		return nil
	}
	return fmt.Errorf("kehoach error %d: %s %s", int(status), C.GoString(C.kh_last_error()), C.GoString(C.kh_last_error_path()))
}

// take copies a string the library returned and frees it.
func take(p *C.char, n C.size_t) string {
	defer C.kh_free(unsafe.Pointer(p))
	return C.GoStringN(p, C.int(n))
}

type metrics struct {
	Scope   struct{ Plan string } `json:"scope"`
	AsOf    string                `json:"as_of"`
	Targets []struct {
		Target string   `json:"target"`
		Item   string   `json:"item"`
		Actual *float64 `json:"actual"`
		Status string   `json:"status"`
	} `json:"targets"`
	Reporting struct {
		Expected int `json:"expected"`
		Received int `json:"received"`
	} `json:"reporting"`
}

func run(planPath, asOf string) error {
	document, err := os.ReadFile(planPath)
	if err != nil {
		return err
	}
	if C.kh_abi_version() != C.KH_ABI_VERSION {
		return errors.New("libkehoach_c has another ABI version than kehoach.h")
	}
	path := C.CString(":memory:")
	defer C.free(unsafe.Pointer(path))
	var store *C.kh_store
	if err := check(C.kh_store_open(&store, path, nil)); err != nil {
		return err
	}
	defer C.kh_store_close(store)
	doc := C.CString(string(document))
	defer C.free(unsafe.Pointer(doc))
	if err := check(C.kh_plan_import_json(nil, store, doc, C.size_t(len(document)))); err != nil {
		return err
	}
	var out *C.char
	var n C.size_t
	if err := check(C.kh_plan_ids_json(&out, &n, store)); err != nil {
		return err
	}
	var ids []string
	if err := json.Unmarshal([]byte(take(out, n)), &ids); err != nil || len(ids) != 1 {
		return fmt.Errorf("unexpected plan ids: %v", err)
	}
	id := C.CString(ids[0])
	defer C.free(unsafe.Pointer(id))
	date := C.CString(asOf)
	defer C.free(unsafe.Pointer(date))
	if err := check(C.kh_metrics_plan_json(&out, &n, store, id, date, nil)); err != nil {
		return err
	}
	var m metrics
	if err := json.Unmarshal([]byte(take(out, n)), &m); err != nil {
		return err
	}
	fmt.Printf("kehoach %s from Go: plan %s as of %s\n", C.GoString(C.kh_version()), m.Scope.Plan, m.AsOf)
	for _, t := range m.Targets {
		actual := "—"
		if t.Actual != nil {
			actual = fmt.Sprint(*t.Actual)
		}
		fmt.Printf("  target %s (item %s): actual %s, %s\n", t.Target, t.Item, actual, t.Status)
	}
	fmt.Printf("  reports: %d of %d expected\n", m.Reporting.Received, m.Reporting.Expected)
	// An error from the library arrives as a Go error, not a crash.
	bad := C.CString("{")
	defer C.free(unsafe.Pointer(bad))
	if err := check(C.kh_plan_import_json(nil, store, bad, 1)); err != nil {
		fmt.Println("  a malformed document is refused:", err)
	}
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run . PLAN.json AS_OF")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
