package discover

import (
	"regexp"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// credentialInValue matches a credential written inside a value: a health
// check command, a command argument, a log driver option. Environment
// variable values are never read at all; these are the other places a task
// definition carries free text. A match removes the whole value (replaced by
// inventory.CredentialRemoved) and records where it was, so the checks can
// still report it. References to a variable ($TOKEN, ${PASSWORD}) are not
// credentials and are kept.
var credentialInValue = []*regexp.Regexp{
	// user:password@ in a URL (https://ops:hunter2@logs.example.com)
	regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:[^/\s@$][^/\s@]*@`),
	regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/-]{8,}=*`),
	// key=value or key: value where the key names a credential
	regexp.MustCompile(`(?i)(api[-_]?key|x-api-key|access[-_]?token|auth[-_]?token|x-auth-token|client[-_]?secret|secret[-_]?key|private[-_]?key|secret|password|passwd|pwd|token)["']?\s*[:=]\s*["']?[^\s"'&$][^\s"'&]{2,}`),
	// --password VALUE, --user NAME:PASSWORD (curl, mysql, ...)
	regexp.MustCompile(`(?:^|\s)--?(password|passwd|pass)[\s=]+[^\s$-]\S*`),
	regexp.MustCompile(`(?:^|\s)(-u|--user)[\s=]+[^\s:]+:[^\s$]\S*`),
	// credentials in a query string
	regexp.MustCompile(`(?i)[?&](sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|access_token|api_key|apikey|key|token|password)=[^&\s$]`),
	// an AWS access key id, a PEM private key
	regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`),
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`),
}

// authorizationValue captures an Authorization header's value: its scheme
// (Bearer, Basic, ...) when there is one, and the credential.
var authorizationValue = regexp.MustCompile(`(?i)\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:([A-Za-z0-9-]+)\s+)?([^\s"']+)`)

// hasCredential reports whether a value carries a credential.
func hasCredential(v string) bool {
	for _, m := range authorizationValue.FindAllStringSubmatch(v, -1) {
		if !strings.HasPrefix(m[2], "$") {
			return true
		}
	}
	for _, re := range credentialInValue {
		if re.MatchString(v) {
			return true
		}
	}
	return false
}

// scrubbed returns the words with every one that carries a credential
// replaced by inventory.CredentialRemoved, and whether any was. Words are
// also judged joined, so that ["--password", "hunter2"] is caught.
func scrubbed(words []string) ([]string, bool) {
	if len(words) == 0 {
		return words, false
	}
	out := make([]string, len(words))
	found := false
	for i, w := range words {
		out[i] = w
		if hasCredential(w) {
			out[i] = inventory.CredentialRemoved
			found = true
		}
	}
	if !found && hasCredential(strings.Join(words, " ")) {
		// The credential spans words: keep only the first (the executable
		// or CMD / CMD-SHELL), which says what kind of command it was.
		for i := 1; i < len(out); i++ {
			out[i] = inventory.CredentialRemoved
		}
		found = true
	}
	return out, found
}
