using System.Globalization;
using YamlDotNet.Serialization;
using Map = System.Collections.Generic.OrderedDictionary<string, object>;

namespace Platform.Deploy;

/// <summary>
/// What lives outside the clusters, as one CloudFormation template deployed as a stack in every region (primary
/// first): ECR repositories replicated to every region, the ElastiCache replication group (a Global Datastore:
/// writable in the primary, a read-only replica elsewhere; TLS, encryption at rest, AUTH token from Secrets Manager),
/// the secrets (generated in the primary, replicated), and the roles the cluster add-ons get through EKS Pod Identity.
/// Intrinsics are written in their long form (<c>Ref:</c>, <c>Fn::If:</c>) so the template is plain YAML.
/// </summary>
internal static class CloudFormationTemplate
{
    private const string Primary = "IsPrimary";

    public static string Serialize(AwsProfile profile, DeploymentModel model) =>
        new SerializerBuilder().WithQuotingNecessaryStrings().Build().Serialize(Build(profile, model));

    public static Map Build(AwsProfile profile, DeploymentModel model)
    {
        var secondaries = profile.Regions.Where(r => !profile.IsPrimary(r)).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        var replicaRegions = secondaries.Select(r => (object)new Map { ["Region"] = r }).ToList();
        var resources = new Map();

        foreach (var repository in model.Repositories)
        {
            resources[$"Repository{Pascal(repository)}"] = Resource("AWS::ECR::Repository", new Map
            {
                ["RepositoryName"] = $"{profile.RepositoryPrefix}/{repository}",
                // Tags name builds and are never moved, so a manifest always means the same image.
                ["ImageTagMutability"] = "IMMUTABLE",
                ["ImageScanningConfiguration"] = new Map { ["ScanOnPush"] = true },
                ["EncryptionConfiguration"] = new Map { ["EncryptionType"] = "AES256" },
            }, Primary);
        }

        if (secondaries.Count > 0)
        {
            resources["RepositoryReplication"] = Resource("AWS::ECR::ReplicationConfiguration", new Map
            {
                ["ReplicationConfiguration"] = new Map
                {
                    ["Rules"] = new List<object>
                    {
                        new Map
                        {
                            ["Destinations"] = secondaries.Select(r => (object)new Map { ["Region"] = r, ["RegistryId"] = Ref("AWS::AccountId") }).ToList(),
                            ["RepositoryFilters"] = new List<object> { new Map { ["Filter"] = profile.RepositoryPrefix, ["FilterType"] = "PREFIX_MATCH" } },
                        },
                    },
                },
            }, Primary);
        }

        resources["RedisAuthSecret"] = GeneratedSecret(Names.RedisAuthSecretName, "ElastiCache AUTH token of the platform's Redis (sessions key ring, assignments).", replicaRegions);
        foreach (var app in model.Apps)
        {
            resources[$"DaprApiToken{Pascal(app.AppId)}"] = GeneratedSecret(Names.ApiTokenSecretName(app.AppId), $"Dapr API token of {app.AppId}'s sidecar.", replicaRegions);
            resources[$"DaprAppToken{Pascal(app.AppId)}"] = GeneratedSecret(Names.AppTokenSecretName(app.AppId), $"Token {app.AppId}'s sidecar sends to the app.", replicaRegions);
        }

        resources["RedisSecurityGroup"] = Resource("AWS::EC2::SecurityGroup", new Map
        {
            ["GroupDescription"] = "Redis (ElastiCache) of the platform, reachable from the EKS cluster only",
            ["VpcId"] = Ref("VpcId"),
            ["SecurityGroupIngress"] = new List<object>
            {
                new Map { ["IpProtocol"] = "tcp", ["FromPort"] = Names.RedisPort, ["ToPort"] = Names.RedisPort, ["SourceSecurityGroupId"] = Ref("ClusterSecurityGroupId") },
            },
        });
        resources["RedisSubnetGroup"] = Resource("AWS::ElastiCache::SubnetGroup", new Map
        {
            ["Description"] = "Subnets of the platform's Redis",
            ["SubnetIds"] = Ref("SubnetIds"),
        });
        resources["Redis"] = Resource("AWS::ElastiCache::ReplicationGroup", new Map
        {
            ["ReplicationGroupDescription"] = "Platform: assignments and the session key ring",
            // Secondaries join the primary's Global Datastore and inherit engine and version from it.
            ["GlobalReplicationGroupId"] = If(Primary, Ref("AWS::NoValue"), Ref("GlobalReplicationGroupId")),
            ["Engine"] = If(Primary, "redis", Ref("AWS::NoValue")),
            ["EngineVersion"] = If(Primary, "7.1", Ref("AWS::NoValue")),
            ["CacheNodeType"] = Ref("CacheNodeType"),
            ["NumCacheClusters"] = 2,
            ["AutomaticFailoverEnabled"] = true,
            ["MultiAZEnabled"] = true,
            ["TransitEncryptionEnabled"] = true,
            ["AtRestEncryptionEnabled"] = true,
            ["AuthToken"] = If(Primary,
                new Map { ["Fn::Sub"] = "{{resolve:secretsmanager:${RedisAuthSecret}}}" },
                $"{{{{resolve:secretsmanager:{Names.RedisAuthSecretName}}}}}"),
            ["CacheSubnetGroupName"] = Ref("RedisSubnetGroup"),
            ["SecurityGroupIds"] = new List<object> { Ref("RedisSecurityGroup") },
        });
        resources["RedisGlobalDatastore"] = Resource("AWS::ElastiCache::GlobalReplicationGroup", new Map
        {
            ["GlobalReplicationGroupIdSuffix"] = $"{profile.ClusterName}-sessions",
            ["GlobalReplicationGroupDescription"] = "Platform Redis replicated to every region; writes in the primary region only",
            ["Members"] = new List<object>
            {
                new Map { ["ReplicationGroupId"] = Ref("Redis"), ["ReplicationGroupRegion"] = Ref("AWS::Region"), ["Role"] = "PRIMARY" },
            },
        }, Primary);
        resources["RedisEndpointSecret"] = Resource("AWS::SecretsManager::Secret", new Map
        {
            ["Name"] = Names.RedisEndpointSecretName,
            ["Description"] = "This region's Redis endpoint (not secret; kept beside the AUTH token so pods get both from one place)",
            ["SecretString"] = new Map
            {
                ["Fn::Sub"] = "{\"host\":\"${Redis.PrimaryEndPoint.Address}\",\"hostPort\":\"${Redis.PrimaryEndPoint.Address}:${Redis.PrimaryEndPoint.Port}\"}",
            },
        });
        resources["MetricsLogGroup"] = Resource("AWS::Logs::LogGroup", new Map
        {
            ["LogGroupName"] = "/platform/metrics",
            ["RetentionInDays"] = 30,
        });

        AddPodIdentity(resources, "ExternalDns", profile.Namespace, Names.ExternalDns,
        [
            Statement(["route53:ChangeResourceRecordSets"], "arn:aws:route53:::hostedzone/*"),
            Statement(["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"], "*"),
        ]);
        AddPodIdentity(resources, "Collector", profile.Namespace, Names.Collector,
        [
            Statement(["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], "*"),
            Statement(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"],
                new Map { ["Fn::Sub"] = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/platform/*" }),
        ]);
        AddPodIdentity(resources, "ExternalSecrets", Ref("ExternalSecretsNamespace"), Ref("ExternalSecretsServiceAccount"),
        [
            Statement(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                new Map { ["Fn::Sub"] = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:platform/*" }),
        ]);

        var outputs = new Map
        {
            ["RedisEndpoint"] = new Map { ["Description"] = "This region's Redis endpoint", ["Value"] = GetAtt("Redis", "PrimaryEndPoint.Address") },
            ["GlobalReplicationGroupId"] = new Map
            {
                ["Condition"] = Primary,
                ["Description"] = "Pass to the stacks of the other regions as GlobalReplicationGroupId",
                ["Value"] = Ref("RedisGlobalDatastore"),
            },
        };

        return new Map
        {
            ["AWSTemplateFormatVersion"] = "2010-09-09",
            ["Description"] = $"Platform on AWS, one stack per region (primary {profile.PrimaryRegion}). Generated by deploy/publish-aws.sh; do not edit.",
            ["Parameters"] = new Map
            {
                ["ClusterName"] = Parameter("String", "The EKS cluster of this region", profile.ClusterName),
                ["VpcId"] = Parameter("AWS::EC2::VPC::Id", "The cluster's VPC"),
                ["SubnetIds"] = Parameter("List<AWS::EC2::Subnet::Id>", "Private subnets for Redis, in at least two availability zones"),
                ["ClusterSecurityGroupId"] = Parameter("AWS::EC2::SecurityGroup::Id", "The cluster security group (its pods may reach Redis)"),
                ["CacheNodeType"] = Parameter("String", "ElastiCache node type (Global Datastore needs r or m families)", "cache.r7g.large"),
                ["GlobalReplicationGroupId"] = Parameter("String", "Secondary regions: the primary stack's GlobalReplicationGroupId output; empty in the primary", ""),
                ["ExternalSecretsNamespace"] = Parameter("String", "Namespace of the External Secrets Operator", "external-secrets"),
                ["ExternalSecretsServiceAccount"] = Parameter("String", "Service account of the External Secrets Operator", "external-secrets"),
            },
            ["Conditions"] = new Map
            {
                [Primary] = new Map { ["Fn::Equals"] = new List<object> { Ref("AWS::Region"), profile.PrimaryRegion } },
            },
            ["Rules"] = new Map
            {
                // A secondary region's Redis cannot be created without the Global Datastore to join.
                ["SecondaryJoinsGlobalDatastore"] = new Map
                {
                    ["RuleCondition"] = new Map { ["Fn::Not"] = new List<object> { new Map { ["Fn::Equals"] = new List<object> { Ref("AWS::Region"), profile.PrimaryRegion } } } },
                    ["Assertions"] = new List<object>
                    {
                        new Map
                        {
                            ["Assert"] = new Map { ["Fn::Not"] = new List<object> { new Map { ["Fn::Equals"] = new List<object> { Ref("GlobalReplicationGroupId"), "" } } } },
                            ["AssertDescription"] = "Outside the primary region, set GlobalReplicationGroupId to the primary stack's output.",
                        },
                    },
                },
            },
            ["Resources"] = resources,
            ["Outputs"] = outputs,
        };
    }

    private static void AddPodIdentity(Map resources, string name, object @namespace, object serviceAccount, List<object> statements)
    {
        resources[$"{name}Role"] = Resource("AWS::IAM::Role", new Map
        {
            ["AssumeRolePolicyDocument"] = new Map
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new List<object>
                {
                    new Map
                    {
                        ["Effect"] = "Allow",
                        ["Principal"] = new Map { ["Service"] = "pods.eks.amazonaws.com" },
                        ["Action"] = new List<object> { "sts:AssumeRole", "sts:TagSession" },
                    },
                },
            },
            ["Policies"] = new List<object>
            {
                new Map { ["PolicyName"] = name, ["PolicyDocument"] = new Map { ["Version"] = "2012-10-17", ["Statement"] = statements } },
            },
        });
        resources[$"{name}PodIdentity"] = Resource("AWS::EKS::PodIdentityAssociation", new Map
        {
            ["ClusterName"] = Ref("ClusterName"),
            ["Namespace"] = @namespace,
            ["ServiceAccount"] = serviceAccount,
            ["RoleArn"] = GetAtt($"{name}Role", "Arn"),
        });
    }

    private static Map Statement(IEnumerable<string> actions, object resource) => new()
    {
        ["Effect"] = "Allow",
        ["Action"] = actions.Cast<object>().ToList(),
        ["Resource"] = resource,
    };

    private static Map GeneratedSecret(string name, string description, List<object> replicaRegions)
    {
        var properties = new Map
        {
            ["Name"] = name,
            ["Description"] = description,
            // Generated by Secrets Manager: the value is never in the template, a parameter or the repository.
            // No punctuation: ElastiCache AUTH tokens refuse some of it, and tokens travel in headers.
            ["GenerateSecretString"] = new Map { ["PasswordLength"] = 64, ["ExcludePunctuation"] = true },
        };
        if (replicaRegions.Count > 0)
        {
            properties["ReplicaRegions"] = replicaRegions;
        }

        return Resource("AWS::SecretsManager::Secret", properties, Primary);
    }

    private static Map Resource(string type, Map properties, string? condition = null)
    {
        var resource = new Map { ["Type"] = type };
        if (condition is not null)
        {
            resource["Condition"] = condition;
        }

        resource["Properties"] = properties;
        return resource;
    }

    private static Map Parameter(string type, string description, string? defaultValue = null)
    {
        var parameter = new Map { ["Type"] = type, ["Description"] = description };
        if (defaultValue is not null)
        {
            parameter["Default"] = defaultValue;
        }

        return parameter;
    }

    private static Map Ref(string name) => new() { ["Ref"] = name };

    private static Map GetAtt(string resource, string attribute) => new() { ["Fn::GetAtt"] = new List<object> { resource, attribute } };

    private static Map If(string condition, object whenTrue, object whenFalse) => new() { ["Fn::If"] = new List<object> { condition, whenTrue, whenFalse } };

    /// <summary>A logical id from a name: <c>contacts-v2</c> → <c>ContactsV2</c>.</summary>
    private static string Pascal(string name) =>
        string.Concat(name.Split('-', '/', '.').Where(p => p.Length > 0).Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
}
