package mototest

import (
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// Short names for SDK types the estate builder uses often.
type (
	iamTag           = iamtypes.Tag
	efsTag           = efstypes.Tag
	efsPosixUser     = efstypes.PosixUser
	efsRootDirectory = efstypes.RootDirectory
)
