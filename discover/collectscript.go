package discover

import (
	"fmt"
	"strings"
)

// CollectScript returns a bash script that runs, with the aws CLI and
// read-only calls only, the same describes discovery makes, and writes their
// JSON output into a folder laid out for Import. Customers who will not hand
// credentials to a tool can read it, run it, and send the folder.
func CollectScript(regions []string) string {
	var b strings.Builder
	b.WriteString(collectScriptHead)
	fmt.Fprintf(&b, "REGIONS=\"${ECSPACK_REGIONS:-%s}\"\n", strings.Join(regions, " "))
	b.WriteString(collectScriptBody)
	return b.String()
}

const collectScriptHead = `#!/usr/bin/env bash
# ecspack collect-script: read-only inventory of an Amazon ECS estate with the aws CLI.
# Every command below is a describe/list/get call; nothing is created or changed.
# Usage: bash collect.sh OUTDIR   (then: ecspack import OUTDIR -o inventory.json)
# Credentials and endpoint come from the usual aws CLI settings (AWS_PROFILE, ...).
# Environment variable values appear in describe-task-definition output: ecspack
# import keeps their names only, but the folder holds them — treat it as confidential.
set -uo pipefail
OUT="${1:?usage: collect.sh OUTDIR}"
mkdir -p "$OUT"
esc() { local s="$1"; s="${s//%/%25}"; s="${s//\//%2F}"; s="${s//:/%3A}"; s="${s//./%2E}"; printf '%s' "$s"; }
# run FILE aws-args...: write the output to FILE ({} when a call answers nothing,
# as get-bucket-versioning of a bucket never versioned), report (not stop on) failures.
run() { local f="$1"; shift; mkdir -p "$(dirname "$f")"
  if ! aws "$@" --output json > "$f.tmp" 2> "$f.err"; then echo "ecspack: aws $* failed: $(cat "$f.err")" >&2; rm -f "$f.tmp"
  else [ -s "$f.tmp" ] || echo '{}' > "$f.tmp"; mv "$f.tmp" "$f"; rm -f "$f.err"; fi; }
# ecr_refs: the "REPOSITORY REFERENCE" pairs of the images listed in $IMGS
# ("IMAGE" or "IMAGE|DIGEST" lines) that live in $ACCOUNT's ECR in region $R.
ecr_refs() { local h1="$ACCOUNT.dkr.ecr.$R.amazonaws.com/" h2="$ACCOUNT.dkr.ecr.$R.amazonaws.com.cn/" img dig rest rp ref
  [ -n "$ACCOUNT" ] || return 0
  sort -u "$IMGS" | while IFS='|' read -r img dig; do
    case "$img" in "$h1"*) rest="${img#"$h1"}" ;; "$h2"*) rest="${img#"$h2"}" ;; *) continue ;; esac
    if [[ "$rest" == *@* ]]; then rp="${rest%%@*}"; ref="${rest#*@}"
    elif [[ "${rest##*/}" == *:* ]]; then rp="${rest%:*}"; ref="${rest##*:}"
    else rp="$rest"; ref=latest; fi
    [ -n "$rp" ] && [ -n "$ref" ] && printf '%s %s\n' "$rp" "$ref"
    case "$dig" in sha256:*) printf '%s %s\n' "$rp" "$dig" ;; esac
  done | sort -u; }
# reach R SERVICE: the ARNs of SERVICE in region R (or of no region: S3) that the
# policies of R's task roles name, as get-role-policy and get-policy-version
# printed them (wildcards and all: each store's loop takes the names it can read).
reach() { local r="$1" svc="$2" role name pa
  for role in $(cat "$OUT/$r"/ecs/describe-task-definition.*.json 2>/dev/null | grep -oE '"taskRoleArn": *"[^"]+"' | cut -d'"' -f4 | sort -u); do
    name="${role##*/}"
    cat "$OUT/iam/get-role-policy.$(esc "$name")".*.json 2>/dev/null
    for pa in $(grep -oE 'arn:aws[a-z-]*:iam::[0-9]+:policy/[^"]+' "$OUT/iam/list-attached-role-policies.$(esc "$name").json" 2>/dev/null); do
      cat "$OUT/iam/get-policy-version.$(esc "$pa").json" 2>/dev/null
    done
  done | grep -oE "\"arn:aws[a-z-]*:$svc:($r)?:[0-9]*:[^\"]+\"" | tr -d '"' | sort -u; }
# kms_refs R: the KMS keys region R's saved outputs name (repositories, secrets,
# log groups, file systems, trails, clusters, service volumes) and its task roles
# reach, as given (key id, key or alias ARN, alias name); ARNs of region R only.
kms_refs() { local r="$1" d="$OUT/$1"
  { cat "$d"/ecr/describe-repositories*.json 2>/dev/null | grep -oE '"kmsKey": *"[^"]+"' | cut -d'"' -f4
    cat "$d"/logs/describe-log-groups*.json "$d"/efs/describe-file-systems*.json "$d"/cloudtrail/describe-trails*.json \
      "$d"/ecs/describe-clusters*.json "$d"/ecs/describe-services.*.json 2>/dev/null |
      grep -oE '"(kmsKeyId|KmsKeyId|fargateEphemeralStorageKmsKeyId)": *"[^"]+"' | cut -d'"' -f4
    # The databases' own storage keys (12 spaces in: not their master secrets' keys).
    cat "$d"/rds/describe-db-*.json 2>/dev/null | grep -E '^            "KmsKeyId": *"' | cut -d'"' -f4
    # The stores' keys: DynamoDB tables, SQS queues, SNS topics, S3 buckets.
    cat "$d"/dynamodb/describe-table.*.json "$d"/sqs/get-queue-attributes.*.json "$d"/sns/get-topic-attributes.*.json \
      "$d"/s3/get-bucket-encryption.*.json 2>/dev/null |
      grep -oE '"(KMSMasterKeyArn|KmsMasterKeyId|KMSMasterKeyID)": *"[^"]+"' | cut -d'"' -f4
    # A secret's own key, not its replicas' (the CLI indents top-level fields by 4).
    cat "$d"/secretsmanager/describe-secret.*.json 2>/dev/null | grep -E '^    "KmsKeyId": *"' | cut -d'"' -f4
    reach "$r" kms | grep -E "^arn:aws[a-z-]*:kms:$r:$ACCOUNT:" | grep -v '[*?]'
  } | awk -F: -v r="$r" '$1 != "arn" || $4 == r' | sort -u; }
# words QUERY aws-args...: print one value per line.
words() { local q="$1"; shift; aws "$@" --query "$q" --output text 2>/dev/null | tr '\t' '\n' | grep -v -e '^None$' -e '^$' || true; }
`

const collectScriptBody = `mkdir -p "$OUT/sts" "$OUT/iam"
# When the outputs were printed: the reviewer PDF quotes them verbatim with this date.
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/collected-at"
run "$OUT/sts/get-caller-identity.json" sts get-caller-identity
ACCOUNT=$(words 'Account' sts get-caller-identity)
ROLES="$OUT/iam/.roles"; : > "$ROLES"
for R in $REGIONS; do
  D="$OUT/$R"; A="--region $R"
  for op in describe-availability-zones describe-vpcs describe-subnets describe-route-tables describe-internet-gateways \
            describe-nat-gateways describe-security-groups describe-network-acls describe-vpc-endpoints \
            describe-spot-fleet-requests get-ebs-encryption-by-default describe-network-interfaces; do
    run "$D/ec2/$op.json" ec2 $op $A
  done
  run "$D/ecs/list-account-settings.json" ecs list-account-settings --effective-settings $A
  CLUSTERS=$(words 'clusterArns' ecs list-clusters $A)
  n=0; for batch in $(printf '%s\n' $CLUSTERS | xargs -r -n 100 | tr ' ' ','); do n=$((n+1))
    run "$D/ecs/describe-clusters.$n.json" ecs describe-clusters --clusters ${batch//,/ } --include SETTINGS CONFIGURATIONS TAGS $A
  done
  [ -n "$CLUSTERS" ] || echo '{"clusters": []}' > "$D/ecs/describe-clusters.json"
  TDS="$D/ecs/.taskdefs"; : > "$TDS"; INSTANCES="$D/ec2/.instances"; : > "$INSTANCES"; IMGS="$D/ecs/.images"; : > "$IMGS"; SECRETS="$D/ecs/.secrets"; : > "$SECRETS"
  for C in $CLUSTERS; do
    k=$(esc "$C")
    n=0; for batch in $(words 'serviceArns' ecs list-services --cluster "$C" $A | xargs -r -n 10 | tr ' ' ','); do n=$((n+1))
      f="$D/ecs/describe-services.$k.$n.json"
      run "$f" ecs describe-services --cluster "$C" --services ${batch//,/ } --include TAGS $A
      words 'services[].taskDefinition' ecs describe-services --cluster "$C" --services ${batch//,/ } $A >> "$TDS"
    done
    # list-tasks as printed: the checklist asks for this output (ECS-001).
    run "$D/ecs/list-tasks.$k.json" ecs list-tasks --cluster "$C" $A
    n=0; for batch in $(words 'taskArns' ecs list-tasks --cluster "$C" $A | xargs -r -n 100 | tr ' ' ','); do n=$((n+1))
      run "$D/ecs/describe-tasks.$k.$n.json" ecs describe-tasks --cluster "$C" --tasks ${batch//,/ } --include TAGS $A
      words 'tasks[].taskDefinitionArn' ecs describe-tasks --cluster "$C" --tasks ${batch//,/ } $A >> "$TDS"
      words "tasks[].containers[].join('|', [image || 'none', imageDigest || 'none'])" ecs describe-tasks --cluster "$C" --tasks ${batch//,/ } $A >> "$IMGS"
    done
    n=0; for batch in $(words 'containerInstanceArns' ecs list-container-instances --cluster "$C" $A | xargs -r -n 100 | tr ' ' ','); do n=$((n+1))
      run "$D/ecs/describe-container-instances.$k.$n.json" ecs describe-container-instances --cluster "$C" --container-instances ${batch//,/ } --include TAGS $A
      words 'containerInstances[].ec2InstanceId' ecs describe-container-instances --cluster "$C" --container-instances ${batch//,/ } $A >> "$INSTANCES"
    done
  done
  CPS=$(for C in $CLUSTERS; do words 'clusters[].capacityProviders[]' ecs describe-clusters --clusters "$C" $A; done | sort -u)
  [ -z "$CPS" ] || run "$D/ecs/describe-capacity-providers.json" ecs describe-capacity-providers --capacity-providers $CPS --include TAGS $A
  for TD in $(sort -u "$TDS"); do
    run "$D/ecs/describe-task-definition.$(esc "$TD").json" ecs describe-task-definition --task-definition "$TD" --include TAGS $A
    words 'taskDefinition.[taskRoleArn,executionRoleArn]' ecs describe-task-definition --task-definition "$TD" $A >> "$ROLES"
    words 'taskDefinition.containerDefinitions[].image' ecs describe-task-definition --task-definition "$TD" $A >> "$IMGS"
    words 'taskDefinition.containerDefinitions[].secrets[].valueFrom' ecs describe-task-definition --task-definition "$TD" $A >> "$SECRETS"
  done
  # The Secrets Manager secrets the task definitions inject: metadata only
  # (rotation, key) — describe-secret never returns a secret's value.
  for S in $(grep -E "^arn:[a-z-]+:secretsmanager:$R:[0-9]+:secret:" "$SECRETS" | cut -d: -f1-7 | sort -u); do
    run "$D/secretsmanager/describe-secret.$(esc "$S").json" secretsmanager describe-secret --secret-id "$S" $A
  done
  rm -f "$SECRETS"
  IDS=$(grep '^i-' "$INSTANCES" | sort -u)
  if [ -n "$IDS" ]; then
    run "$D/ec2/describe-instances.json" ec2 describe-instances --instance-ids $IDS $A
    AMIS=$(words 'Reservations[].Instances[].ImageId' ec2 describe-instances --instance-ids $IDS $A | sort -u)
    [ -z "$AMIS" ] || run "$D/ec2/describe-images.json" ec2 describe-images --image-ids $AMIS $A
  fi
  rm -f "$TDS" "$INSTANCES"
  run "$D/elbv2/describe-load-balancers.json" elbv2 describe-load-balancers $A
  LBS=$(words 'LoadBalancers[].LoadBalancerArn' elbv2 describe-load-balancers $A)
  n=0; for batch in $(printf '%s\n' $LBS | xargs -r -n 20 | tr ' ' ','); do n=$((n+1))
    run "$D/elbv2/describe-tags.$n.json" elbv2 describe-tags --resource-arns ${batch//,/ } $A
  done
  for LB in $LBS; do
    run "$D/elbv2/describe-listeners.$(esc "$LB").json" elbv2 describe-listeners --load-balancer-arn "$LB" $A
    run "$D/elbv2/describe-load-balancer-attributes.$(esc "$LB").json" elbv2 describe-load-balancer-attributes --load-balancer-arn "$LB" $A
    for L in $(words 'Listeners[].ListenerArn' elbv2 describe-listeners --load-balancer-arn "$LB" $A); do
      run "$D/elbv2/describe-rules.$(esc "$L").json" elbv2 describe-rules --listener-arn "$L" $A
    done
    for L in $(words "Listeners[?Protocol=='HTTPS' || Protocol=='TLS'].ListenerArn" elbv2 describe-listeners --load-balancer-arn "$LB" $A); do
      run "$D/elbv2/describe-listener-certificates.$(esc "$L").json" elbv2 describe-listener-certificates --listener-arn "$L" $A
    done
  done
  # The web ACL of each internet-facing Application Load Balancer (none is an
  # answer), and the ACM certificates the listeners serve (metadata only).
  for LB in $(words "LoadBalancers[?Type=='application' && Scheme=='internet-facing'].LoadBalancerArn" elbv2 describe-load-balancers $A); do
    run "$D/wafv2/get-web-acl-for-resource.$(esc "$LB").json" wafv2 get-web-acl-for-resource --resource-arn "$LB" $A
  done
  for CERT in $(cat "$D"/elbv2/describe-listeners.*.json "$D"/elbv2/describe-listener-certificates.*.json 2>/dev/null | grep -oE '"arn:aws[a-z-]*:acm:[^"]+:certificate/[^"]+"' | tr -d '"' | sort -u); do
    run "$D/acm/describe-certificate.$(esc "$CERT").json" acm describe-certificate --certificate-arn "$CERT" $A
  done
  run "$D/elbv2/describe-target-groups.json" elbv2 describe-target-groups $A
  for TG in $(words 'TargetGroups[].TargetGroupArn' elbv2 describe-target-groups $A); do
    run "$D/elbv2/describe-target-health.$(esc "$TG").json" elbv2 describe-target-health --target-group-arn "$TG" $A
  done
  run "$D/autoscaling/describe-auto-scaling-groups.json" autoscaling describe-auto-scaling-groups $A
  run "$D/application-autoscaling/describe-scalable-targets.json" application-autoscaling describe-scalable-targets --service-namespace ecs $A
  run "$D/application-autoscaling/describe-scaling-policies.json" application-autoscaling describe-scaling-policies --service-namespace ecs $A
  run "$D/ecr/describe-repositories.json" ecr describe-repositories $A
  REPOS=$(words 'repositories[].repositoryName' ecr describe-repositories $A)
  for RP in $REPOS; do
    run "$D/ecr/get-repository-policy.$(esc "$RP").json" ecr get-repository-policy --repository-name "$RP" $A
    run "$D/ecr/get-lifecycle-policy.$(esc "$RP").json" ecr get-lifecycle-policy --repository-name "$RP" $A
  done
  # The images in use in this account and region's ECR, by tag or digest (a
  # task's digest too); "not found" answers are kept, they say the image is gone.
  ecr_refs | while read -r RP REF; do
    printf '%s\n' $REPOS | grep -qxF -- "$RP" || continue
    case "$REF" in sha256:*) ID="imageDigest=$REF" ;; *) ID="imageTag=$REF" ;; esac
    run "$D/ecr/describe-images.$(esc "$RP:$REF").json" ecr describe-images --repository-name "$RP" --image-ids "$ID" $A
  done
  rm -f "$IMGS"
  run "$D/ecr/get-registry-scanning-configuration.json" ecr get-registry-scanning-configuration $A
  run "$D/efs/describe-file-systems.json" efs describe-file-systems $A
  run "$D/efs/describe-access-points.json" efs describe-access-points $A
  for FS in $(words 'FileSystems[].FileSystemId' efs describe-file-systems $A); do
    run "$D/efs/describe-mount-targets.$(esc "$FS").json" efs describe-mount-targets --file-system-id "$FS" $A
    run "$D/efs/describe-backup-policy.$(esc "$FS").json" efs describe-backup-policy --file-system-id "$FS" $A
    run "$D/efs/describe-file-system-policy.$(esc "$FS").json" efs describe-file-system-policy --file-system-id "$FS" $A
    for MT in $(words 'MountTargets[].MountTargetId' efs describe-mount-targets --file-system-id "$FS" $A); do
      run "$D/efs/describe-mount-target-security-groups.$(esc "$MT").json" efs describe-mount-target-security-groups --mount-target-id "$MT" $A
    done
  done
  run "$D/cloudtrail/describe-trails.json" cloudtrail describe-trails $A
  for T in $(words 'trailList[].TrailARN' cloudtrail describe-trails $A); do
    run "$D/cloudtrail/get-trail-status.$(esc "$T").json" cloudtrail get-trail-status --name "$T" $A
  done
  # How the buckets of the trails whose home is this region protect the logs
  # (bucket-level reads; the aws CLI follows a bucket to its own region).
  for B in $(words 'trailList[].[HomeRegion,S3BucketName]' cloudtrail describe-trails $A | paste - - | awk -v r="$R" '$1 == r {print $2}' | sort -u); do
    k=$(esc "$B")
    for s3op in get-bucket-location get-bucket-versioning get-object-lock-configuration get-public-access-block; do
      run "$D/s3/$s3op.$k.json" s3api $s3op --bucket "$B" $A
    done
  done
  run "$D/cloudwatch/describe-alarms.json" cloudwatch describe-alarms $A
  run "$D/logs/describe-log-groups.json" logs describe-log-groups $A
  run "$D/servicediscovery/list-namespaces.json" servicediscovery list-namespaces $A
  for DET in $(words 'DetectorIds' guardduty list-detectors $A); do
    run "$D/guardduty/get-detector.$(esc "$DET").json" guardduty get-detector --detector-id "$DET" $A
  done
  run "$D/rds/describe-db-instances.json" rds describe-db-instances $A
  run "$D/rds/describe-db-clusters.json" rds describe-db-clusters $A
done
run "$OUT/iam/get-account-summary.json" iam get-account-summary
# The account's S3 Block Public Access, which covers every bucket of the account:
# one setting, read once (S3 Control wants a region: the first one's endpoint).
for R in $REGIONS; do
  run "$OUT/s3control/get-public-access-block.json" s3control get-public-access-block --account-id "$ACCOUNT" --region "$R"; break
done
for ROLE in $(grep '^arn:' "$ROLES" | sort -u); do
  NAME="${ROLE##*/}"
  run "$OUT/iam/get-role.$(esc "$NAME").json" iam get-role --role-name "$NAME"
  run "$OUT/iam/list-role-policies.$(esc "$NAME").json" iam list-role-policies --role-name "$NAME"
  for P in $(words 'PolicyNames' iam list-role-policies --role-name "$NAME"); do
    run "$OUT/iam/get-role-policy.$(esc "$NAME").$(esc "$P").json" iam get-role-policy --role-name "$NAME" --policy-name "$P"
  done
  run "$OUT/iam/list-attached-role-policies.$(esc "$NAME").json" iam list-attached-role-policies --role-name "$NAME"
  for PA in $(words 'AttachedPolicies[].PolicyArn' iam list-attached-role-policies --role-name "$NAME" | grep -v '^arn:aws:iam::aws:policy/'); do
    V=$(words 'Policy.DefaultVersionId' iam get-policy --policy-arn "$PA")
    [ -z "$V" ] || run "$OUT/iam/get-policy-version.$(esc "$PA").json" iam get-policy-version --policy-arn "$PA" --version-id "$V"
  done
done
rm -f "$ROLES"
# The stores the task roles reach, read once IAM is (see reach above).
for R in $REGIONS; do
  D="$OUT/$R"; A="--region $R"
  # The DynamoDB tables of this account the task roles name (a pattern names
  # no table): their encryption, deletion protection and point-in-time recovery.
  for T in $(reach "$R" dynamodb | grep -E ":(${ACCOUNT:-[0-9]*})?:table/" | sed -E 's#^[^/]*:table/##; s#/.*##' | grep -v '[*?]' | sort -u); do
    run "$D/dynamodb/describe-table.$(esc "$T").json" dynamodb describe-table --table-name "$T" $A
    run "$D/dynamodb/describe-continuous-backups.$(esc "$T").json" dynamodb describe-continuous-backups --table-name "$T" $A
  done
  # SQS queues: the URL from the name and owner, then encryption and policy.
  # (Named queues and topics of this region and account only, as discovery.)
  # aws CLI v1 sends SQS calls of some regions to a legacy host name unless
  # told an endpoint, so a configured endpoint URL is passed on explicitly.
  E="${AWS_ENDPOINT_URL_SQS:-${AWS_ENDPOINT_URL:-}}"
  for Q in $(reach "$R" sqs | grep -E "^arn:[a-z-]+:sqs:$R:$ACCOUNT:[^*?]+$"); do
    k=$(esc "$Q"); QN="${Q##*:}"
    run "$D/sqs/get-queue-url.$k.json" sqs get-queue-url --queue-name "$QN" --queue-owner-aws-account-id "$ACCOUNT" ${E:+--endpoint-url "$E"} $A
    U=$(words 'QueueUrl' sqs get-queue-url --queue-name "$QN" --queue-owner-aws-account-id "$ACCOUNT" ${E:+--endpoint-url "$E"} $A)
    [ -z "$U" ] || run "$D/sqs/get-queue-attributes.$k.json" sqs get-queue-attributes --queue-url "$U" \
      --attribute-names QueueArn SqsManagedSseEnabled KmsMasterKeyId Policy ${E:+--endpoint-url "$E"} $A
  done
  for T in $(reach "$R" sns | grep -E "^arn:[a-z-]+:sns:$R:$ACCOUNT:[^*?]+$"); do
    run "$D/sns/get-topic-attributes.$(esc "$T").json" sns get-topic-attributes --topic-arn "$T" $A
  done
  # The S3 buckets the task roles reach (bucket ARNs name no region, so every
  # region reaches them): each is read in the region get-bucket-location
  # names, or where it is reached when its location cannot be read.
  for B in $(reach "$R" s3 | grep -E '^arn:[^:]+:s3:::' | cut -d: -f6 | cut -d/ -f1 | grep -v '[*?]' | sort -u); do
    L=$(aws s3api get-bucket-location --bucket "$B" $A --query LocationConstraint --output text 2>/dev/null) || L=unknown
    case "$L" in None | "") L=us-east-1 ;; EU) L=eu-west-1 ;; esac
    [ "$L" = "$R" ] || [ "$L" = unknown ] || continue
    k=$(esc "$B")
    for s3op in get-bucket-location get-bucket-encryption get-bucket-policy get-public-access-block get-bucket-versioning; do
      run "$D/s3/$s3op.$k.json" s3api $s3op --bucket "$B" $A
    done
  done
  # The KMS keys in use, once the stores are read: metadata and rotation only
  # (never key material or a key policy); rotation only of symmetric customer
  # managed keys with KMS-made material, the keys KMS can rotate.
  for K in $(kms_refs "$R"); do
    f="$D/kms/describe-key.$(esc "$K").json"
    run "$f" kms describe-key --key-id "$K" $A
    [ -f "$f" ] && grep -q '"KeyManager": *"CUSTOMER"' "$f" && grep -q '"KeySpec": *"SYMMETRIC_DEFAULT"' "$f" && grep -q '"Origin": *"AWS_KMS"' "$f" || continue
    KA=$(grep -oE '"Arn": *"[^"]+"' "$f" | head -1 | cut -d'"' -f4)
    [ -z "$KA" ] || run "$D/kms/get-key-rotation-status.$(esc "$KA").json" kms get-key-rotation-status --key-id "$KA" $A
  done
done
echo "ecspack: wrote $OUT; next: ecspack import $OUT -o inventory.json" >&2
`
