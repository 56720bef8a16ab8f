package inventory

// Bucket is an S3 bucket the region's task roles reach (their policies
// name it), read in the region it lives in so each bucket is read once
// per account (a bucket whose location could not be read is kept, with
// that gap, in each region that reaches it). NETSEC-002 asks for the
// native encryption of a service that stores data and for encryption in
// transit; the public access block keeps the data from the internet.
// Only facts are kept, never the bucket policy itself.
type Bucket struct {
	Name string `json:"name"`
	// Region is the bucket's (GetBucketLocation).
	Region string `json:"region,omitempty"`
	// Encryption is the default encryption's SSEAlgorithm
	// (GetBucketEncryption): "AES256" (SSE-S3), "aws:kms" (SSE-KMS),
	// "aws:kms:dsse" (DSSE-KMS); "" when S3 answered that the bucket has
	// no default encryption configured.
	Encryption string `json:"encryption,omitempty"`
	// KMSKey is the KMS key of SSE-KMS or DSSE-KMS ("" is the AWS managed
	// key aws/s3).
	KMSKey    string `json:"kms_key,omitempty"`
	BucketKey bool   `json:"bucket_key,omitempty"`
	// HasPolicy says the bucket has a bucket policy (GetBucketPolicy);
	// DeniesInsecureTransport that one of its statements denies every S3
	// action to everyone when aws:SecureTransport is false.
	HasPolicy               bool `json:"has_policy,omitempty"`
	DeniesInsecureTransport bool `json:"denies_insecure_transport,omitempty"`
	// PublicAccessBlocked is true when all four settings of the bucket's
	// own public access block are on (GetPublicAccessBlock).
	PublicAccessBlocked bool `json:"public_access_blocked,omitempty"`
	// Versioning is GetBucketVersioning Status: "Enabled", "Suspended",
	// or "" for a bucket whose versioning was never enabled.
	Versioning string `json:"versioning,omitempty"`
	// Gaps are the reads that failed: the fields they fill are unknown.
	Gaps []string `json:"gaps,omitempty"`
}

// S3AccountBlock is the account-level S3 Block Public Access (S3 Control
// GetPublicAccessBlock). AWS applies it to every bucket of the account on
// top of each bucket's own block, which is why a bucket the services use
// is judged against both. An account with no block configured (S3 answers
// NoSuchPublicAccessBlockConfiguration) has all four settings false; a
// read that failed leaves Gaps, and then the settings are unknown, never
// taken as off or on.
type S3AccountBlock struct {
	BlockPublicAcls       bool `json:"block_public_acls,omitempty"`
	IgnorePublicAcls      bool `json:"ignore_public_acls,omitempty"`
	BlockPublicPolicy     bool `json:"block_public_policy,omitempty"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets,omitempty"`
	// Gaps are the reads that failed: the settings are then unknown.
	Gaps []string `json:"gaps,omitempty"`
}
