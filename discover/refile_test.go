package discover

import (
	"slices"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

// TestRefileRepositoryFacts: what was read about a repository by name (its
// policy, a failed read, an image look-up) follows the repository to the
// place its ARN names; a repository of the same name that stays keeps its
// own copy, and nothing is left behind for a name that moved away.
func TestRefileRepositoryFacts(t *testing.T) {
	home := regionAt{"111111111111", "eu-west-1"}
	away := regionAt{"222222222222", "eu-west-1"}
	arn := func(at regionAt, name string) string {
		return "arn:aws:ecr:" + at.region + ":" + at.account + ":repository/" + name
	}
	for _, tc := range []struct {
		name      string
		repos     []inventory.Repository
		wantHome  int // repositories left at home with the facts
		wantFacts bool
	}{
		{"only another account's repository", []inventory.Repository{{Name: "web", ARN: arn(away, "web")}}, 0, false},
		{"the same name in both accounts", []inventory.Repository{{Name: "web", ARN: arn(home, "web")}, {Name: "web", ARN: arn(away, "web")}}, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bs := builders{}
			b := bs.get(home)
			b.r.ECR.Repositories = tc.repos
			b.addRepositoryPolicy("web", `{"Statement":[]}`)
			b.markRepositoryGap("web", "ecr GetRepositoryPolicy: AccessDenied")
			b.addRepositoryImage(ecrRef{"web", "gone"}, nil)
			bs.refile()
			check := func(at regionAt, want int, facts bool) {
				r := bs.get(at).finish()
				got := r.ECR.Repositories
				if len(got) != want {
					t.Fatalf("%v: repositories %+v, want %d", at, got, want)
				}
				for _, repo := range got {
					if repo.Policy != `{"Statement":[]}` || !repo.PolicyCollected || !slices.Equal(repo.Gaps, []string{"ecr GetRepositoryPolicy: AccessDenied"}) ||
						len(repo.Images) != 1 || !repo.Images[0].Missing {
						t.Errorf("%v: %+v lost what was read about it", at, repo)
					}
				}
				left := len(bs.get(at).repoPolicies) + len(bs.get(at).repoGaps) + len(bs.get(at).repoImages)
				if facts != (left > 0) {
					t.Errorf("%v: %d facts still kept by name, want kept: %v", at, left, facts)
				}
			}
			check(away, 1, true)
			check(home, tc.wantHome, tc.wantFacts)
		})
	}
}
