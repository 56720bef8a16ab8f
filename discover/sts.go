package discover

// stsOperations are the AWS STS reads: who the credentials belong to.
// AssumeRole (for --role-arn) is not a read and not in this table; the guard
// lets it through only on the STS client that assumes the roles, and the IAM
// policy of the target role does not need it.
var stsOperations = ops("sts", "GetCallerIdentity")
