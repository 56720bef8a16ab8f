package mototest

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// DBPort is the port of the databases the App group reaches.
const DBPort = 5432

// rds plants the workload's relational stores: a "db" security group that
// admits the App group (web's) on DBPort; in it, an encrypted, Multi-AZ,
// backed-up PostgreSQL instance "orders" and an encrypted Aurora
// PostgreSQL cluster "ledger" (one day of backups, no deletion protection)
// with one member "ledger-1". "legacy", an unencrypted, public MySQL
// instance in the ALB group, is one no service reaches: no check may judge
// it. The master password is the Canary: no snapshot may hold it.
func (b *estateBuilder) rds() error {
	ctx := b.ctx
	e := ec2.NewFromConfig(b.cfg)
	sg, err := e.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("db"), Description: aws.String("db group"), VpcId: aws.String(b.e.VPCID)})
	if err != nil {
		return err
	}
	b.e.DBGroup = aws.ToString(sg.GroupId)
	if _, err := e.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId, IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(DBPort), ToPort: aws.Int32(DBPort), UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(b.e.AppGroup)}}}}}); err != nil {
		return err
	}
	c := rds.NewFromConfig(b.cfg)
	if _, err := c.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{DBSubnetGroupName: aws.String("private"), DBSubnetGroupDescription: aws.String("private subnets"),
		SubnetIds: b.e.PrivateSubnets[:]}); err != nil {
		return err
	}
	orders, err := c.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("orders"), DBInstanceClass: aws.String("db.t3.micro"),
		Engine: aws.String("postgres"), AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("app"), MasterUserPassword: aws.String(Canary),
		StorageEncrypted: aws.Bool(true), KmsKeyId: aws.String(b.e.SecretKeyARN), MultiAZ: aws.Bool(true), BackupRetentionPeriod: aws.Int32(7), DeletionProtection: aws.Bool(true),
		EnableIAMDatabaseAuthentication: aws.Bool(true), Port: aws.Int32(DBPort), DBSubnetGroupName: aws.String("private"),
		VpcSecurityGroupIds: []string{b.e.DBGroup}, PubliclyAccessible: aws.Bool(false)})
	if err != nil {
		return err
	}
	b.e.DBInstanceARN = aws.ToString(orders.DBInstance.DBInstanceArn)
	ledger, err := c.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String("ledger"), Engine: aws.String("aurora-postgresql"),
		MasterUsername: aws.String("app"), MasterUserPassword: aws.String(Canary), StorageEncrypted: aws.Bool(true), KmsKeyId: aws.String(b.e.SecretKeyARN), BackupRetentionPeriod: aws.Int32(1),
		Port: aws.Int32(DBPort), DBSubnetGroupName: aws.String("private"), VpcSecurityGroupIds: []string{b.e.DBGroup}})
	if err != nil {
		return err
	}
	b.e.DBClusterARN = aws.ToString(ledger.DBCluster.DBClusterArn)
	if _, err := c.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("ledger-1"), DBInstanceClass: aws.String("db.t3.medium"),
		Engine: aws.String("aurora-postgresql"), DBClusterIdentifier: aws.String("ledger"), DBSubnetGroupName: aws.String("private")}); err != nil {
		return err
	}
	legacy, err := c.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("legacy"), DBInstanceClass: aws.String("db.t3.micro"),
		Engine: aws.String("mysql"), AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("admin"), MasterUserPassword: aws.String(Canary),
		StorageEncrypted: aws.Bool(false), BackupRetentionPeriod: aws.Int32(0), PubliclyAccessible: aws.Bool(true), Port: aws.Int32(3306),
		DBSubnetGroupName: aws.String("private"), VpcSecurityGroupIds: []string{b.e.ALBGroup}})
	if err != nil {
		return err
	}
	b.e.UnusedDBInstanceARN = aws.ToString(legacy.DBInstance.DBInstanceArn)
	return nil
}
