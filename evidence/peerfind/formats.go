package peerfind

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// controlID is the form of a Security Hub control id ("ECS.4").
var controlID = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*\.[1-9][0-9]*$`)

// asff is the part of an AWS Security Finding Format finding we read
// (Security Hub user guide, "ASFF syntax").
type asff struct {
	SchemaVersion string
	Title         string
	GeneratorId   string
	RecordState   string
	UpdatedAt     string
	Compliance    *struct {
		Status            string
		SecurityControlId string
	}
	ProductFields map[string]string
	Severity      *struct{ Label string }
	Resources     []struct{ Type, Id string }
}

// parseASFF normalises one ASFF finding. A finding with no Compliance
// status (GuardDuty, Inspector) or an archived one judges no control.
func parseASFF(raw json.RawMessage) (Finding, bool, error) {
	var a asff
	if err := json.Unmarshal(raw, &a); err != nil {
		return Finding{}, false, typeError(err)
	}
	if a.Compliance == nil || a.Compliance.Status == "" || a.RecordState == "ARCHIVED" {
		return Finding{}, false, nil
	}
	f := Finding{Source: SecurityHub, Status: a.Compliance.Status, Title: a.Title, Observed: a.UpdatedAt}
	switch f.Status {
	case Passed, Failed, Warning, NotAvailable:
	default:
		return Finding{}, false, fmt.Errorf("Compliance.Status %q is not PASSED, FAILED, WARNING or NOT_AVAILABLE", f.Status)
	}
	f.Control = a.Compliance.SecurityControlId
	if f.Control == "" {
		f.Control = a.ProductFields["ControlId"]
	}
	if f.Control == "" {
		// Before consolidated controls: ".../aws-foundational-security-best-practices/v/1.0.0/ECS.4".
		f.Control = a.GeneratorId[strings.LastIndexByte(a.GeneratorId, '/')+1:]
	}
	if !controlID.MatchString(f.Control) {
		return Finding{}, false, errors.New("no Security Hub control id: want Compliance.SecurityControlId (e.g. ECS.4)")
	}
	if a.Severity != nil {
		f.Severity = a.Severity.Label
	}
	if len(a.Resources) == 0 || a.Resources[0].Id == "" {
		return Finding{}, false, errors.New("no Resources[0].Id: the finding names no resource")
	}
	f.Resource = a.Resources[0].Id
	return f, true, nil
}

// ocsf is the part of an OCSF Detection Finding (class 2004) prowler's
// json-ocsf output writes that we read.
type ocsf struct {
	StatusCode string `json:"status_code"`
	Severity   string `json:"severity"`
	TimeDT     string `json:"time_dt"`
	Metadata   struct {
		EventCode string `json:"event_code"`
	} `json:"metadata"`
	FindingInfo struct {
		Title string `json:"title"`
	} `json:"finding_info"`
	Resources []struct {
		UID string `json:"uid"`
	} `json:"resources"`
}

// ocsfStatus maps prowler's status_code to our statuses.
var ocsfStatus = map[string]string{"PASS": Passed, "FAIL": Failed, "MANUAL": Manual}

// parseOCSF normalises one prowler OCSF Detection Finding.
func parseOCSF(raw json.RawMessage) (Finding, error) {
	var o ocsf
	if err := json.Unmarshal(raw, &o); err != nil {
		return Finding{}, typeError(err)
	}
	status, ok := ocsfStatus[o.StatusCode]
	if !ok {
		return Finding{}, fmt.Errorf("status_code %q is not PASS, FAIL or MANUAL", o.StatusCode)
	}
	if o.Metadata.EventCode == "" {
		return Finding{}, errors.New("no metadata.event_code: the finding names no prowler check")
	}
	f := Finding{Source: Prowler, Control: o.Metadata.EventCode, Status: status, Title: o.FindingInfo.Title, Severity: o.Severity, Observed: o.TimeDT}
	if len(o.Resources) == 0 || o.Resources[0].UID == "" {
		return Finding{}, errors.New("no resources[0].uid: the finding names no resource")
	}
	f.Resource = o.Resources[0].UID
	return f, nil
}
