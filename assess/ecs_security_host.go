package assess

import (
	"cmp"
	"fmt"
	"path"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// The ECS-011 checks of what a container may reach on its host: host paths,
// devices, syscall filtering, the Windows user, and ECS Exec sessions.
// Registered in securityChecks (ecs_security.go).

// sensitiveHostPaths are host directories whose mount gives a container
// control of the host or of its other containers: the root, its
// configuration, kernel interfaces, devices, the container runtime's state
// and sockets, root's home. A mount of one of them, or of anything below
// it, is reported (except "/", which matches only itself).
var sensitiveHostPaths = []string{"/", "/boot", "/dev", "/etc", "/proc", "/root", "/run", "/sys", "/var/lib/docker", "/var/lib/containerd", "/var/lib/ecs", "/var/run"}

// sensitiveHostPath returns the sensitive directory a host path is or lies
// in, or "" when it is none of them.
func sensitiveHostPath(p string) string {
	p = path.Clean(strings.TrimSpace(p))
	for _, s := range sensitiveHostPaths {
		if p == s || (s != "/" && strings.HasPrefix(p, s+"/")) {
			return s
		}
	}
	return ""
}

// hostPathVolumes maps a task definition's bind-mount volume names to their
// host paths.
func hostPathVolumes(td *inventory.TaskDefinition) map[string]string {
	m := map[string]string{}
	for _, v := range td.Volumes {
		if v.HostPath != "" {
			m[v.Name] = v.HostPath
		}
	}
	return m
}

func checkHostAccess(in *Input) []Finding {
	return perContainer{ev: "ecs:DescribeTaskDefinition volumes[].host.sourcePath, containerDefinitions[].mountPoints, linuxParameters.devices", outcome: Warn, skipWindows: true,
		flag: func(td *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			hosts := hostPathVolumes(td)
			var notes []string
			for _, mp := range c.MountPoints {
				hp, ok := hosts[mp.SourceVolume]
				if !ok || sensitiveHostPath(hp) == "" {
					continue
				}
				mode := "read-write"
				if mp.ReadOnly {
					mode = "read-only"
				}
				notes = append(notes, fmt.Sprintf("host path %s at %s (%s)", hp, mp.ContainerPath, mode))
			}
			if c.LinuxParameters != nil && len(c.LinuxParameters.Devices) > 0 {
				notes = append(notes, "host device(s) "+strings.Join(c.LinuxParameters.Devices, ", "))
			}
			if len(notes) == 0 {
				return ""
			}
			return "container " + c.Name + " mounts " + strings.Join(notes, " and ")
		},
		problem: "a container that reaches the host's configuration, kernel interfaces, devices or the container runtime's socket can take over the host and every task on it",
		remedy:  "remove the host mount or device, or narrow it to the one file the container needs, read-only; a host agent that needs it (a log or monitoring daemon) is named and justified in the ECS-011 answer",
		passed:  "no sensitive host path or device mounted", summary: "task definitions mount no sensitive host path or device"}.run(in)
}

// unconfinedOption returns the Docker security option that turns a
// syscall or access-control filter off ("seccomp:unconfined",
// "apparmor=unconfined", "label:disable", "systempaths=unconfined"), or "".
func unconfinedOption(opts []string) string {
	for _, o := range opts {
		k, v, ok := strings.Cut(strings.ToLower(strings.TrimSpace(o)), ":")
		if !ok {
			k, v, _ = strings.Cut(k, "=")
		}
		switch {
		case (k == "seccomp" || k == "apparmor" || k == "systempaths") && v == "unconfined":
			return o
		case k == "label" && v == "disable":
			return o
		}
	}
	return ""
}

func checkSyscallFilter(in *Input) []Finding {
	return perContainer{ev: "ecs:DescribeTaskDefinition containerDefinitions[].dockerSecurityOptions", outcome: Fail, skipWindows: true,
		flag: func(_ *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			if o := unconfinedOption(c.DockerSecurityOptions); o != "" {
				return "container " + c.Name + " sets " + o
			}
			return ""
		},
		problem: "the runtime's default seccomp or AppArmor profile, which blocks the syscalls that reach the host kernel, is switched off — the protection ECS-011 asks for",
		remedy:  "remove the unconfined option so the default profile applies, or give the container a custom seccomp/AppArmor profile that allows only what it needs",
		passed:  "no container turns seccomp, AppArmor or SELinux labelling off", summary: "task definitions keep the default syscall filters on"}.run(in)
}

func checkWindowsUser(in *Input) []Finding {
	return perContainer{ev: "ecs:DescribeTaskDefinition runtimePlatform.operatingSystemFamily, containerDefinitions[].user", outcome: Warn, windowsOnly: true,
		flag: func(_ *inventory.TaskDefinition, c *inventory.ContainerDefinition) string {
			u := strings.TrimSpace(c.User)
			switch {
			case u == "":
				return c.Name + " (no user: the image's default, ContainerAdministrator on Windows Server Core images)"
			case strings.EqualFold(u, "ContainerAdministrator") || strings.EqualFold(u, "Administrator"):
				return c.Name + " (user " + u + ")"
			}
			return ""
		},
		problem: "these Windows containers may run as an administrator, with full control of the container's operating system",
		remedy:  "set user to ContainerUser (or another non-administrator account) in the container definition",
		passed:  "every Windows container runs as a non-administrator user", summary: "Windows task definitions run containers as non-administrators"}.run(in)
}

func checkExecSessions(in *Input) []Finding {
	const ev = "ecs:DescribeServices enableExecuteCommand; ecs:DescribeClusters configuration.executeCommandConfiguration (logging, kmsKeyId)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "clusters log and encrypt ECS Exec sessions, or no service enables it"}
	for _, rv := range in.Regions {
		for _, cv := range rv.View.Clusters {
			c := cv.Cluster
			var exec []string
			for _, sv := range cv.Services {
				if sv.Service.EnableExecuteCommand {
					exec = append(exec, sv.Service.Name)
				}
			}
			where := fmt.Sprintf("cluster %s (%s %s)", c.Name, rv.Account, rv.Region.Name)
			if len(exec) == 0 {
				if len(cv.Services) > 0 {
					ps.add(c.ARN, where+": no service enables ECS Exec")
				}
				continue
			}
			var miss []string
			if strings.EqualFold(c.ExecuteCommandLogging, "NONE") {
				miss = append(miss, "session logging is NONE")
			}
			if c.ExecuteCommandKMSKey == "" {
				miss = append(miss, "no KMS key encrypts the session data")
			}
			if len(miss) == 0 {
				ps.add(c.ARN, fmt.Sprintf("%s: ECS Exec (services %s) logs sessions (%s) and encrypts them with KMS key %s", where, listUpTo(exec, 5), cmp.Or(c.ExecuteCommandLogging, "DEFAULT"), inventory.ShortName(c.ExecuteCommandKMSKey)))
				continue
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: c.ARN,
				Message:     fmt.Sprintf("%s: services %s allow ECS Exec (a shell in running containers), but %s", where, listUpTo(exec, 5), strings.Join(miss, " and ")),
				Evidence:    ev,
				Remediation: "set the cluster's executeCommandConfiguration: logging DEFAULT or OVERRIDE (CloudWatch Logs or S3) and a kmsKeyId, or turn enableExecuteCommand off on services that do not need it"})
		}
	}
	return append(fs, ps.findings()...)
}
