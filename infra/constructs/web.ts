import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Duration, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type IOrigin,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify.js';
import { assetFiles } from '../catalogue.js';

export interface WebProps {
  httpApi: HttpApi;
  /** The WAF web ACL (from the us-east-1 edge stack) that CloudFront puts in front of everything. */
  webAclArn?: string;
  /** The secret whose value CloudFront sends to the API in the origin-verify header. */
  originVerifySecret: ISecret;
  /**
   * Pins the header to one version of the secret. Set on the deploy that follows a rotation, with
   * `npx cdk deploy --all -c originVerifySecretVersion=<VersionId>`, because CloudFormation re-reads a
   * secret only when its reference changes (docs/SECURITY.md, "Rotating the secret").
   */
  originVerifySecretVersionId?: string;
  /** The public site's own domain (an alias of the distribution); needs `certificateArn`. */
  domainName?: string;
  /** An ACM certificate for `domainName`, in us-east-1 (CloudFront takes certificates only from there). */
  certificateArn?: string;
}

/**
 * One HTTPS origin for people: pages and form posts go to the API (never cached: they carry personal
 * data), /assets/* comes from a private bucket. One origin keeps the Origin check and CSP simple.
 *
 * What CloudFront logs: nothing. Its standard logs record every request's full path, and the volunteer
 * and requester links (/respond/…, /cancel/…, /done/…, /stop/…, /release/…, /pause/…, /concern/…) carry
 * their token in the path, so those logs would hold live tokens for as long as they were kept. What is
 * recorded instead: the WAF's per-rule counts (no sampled requests), the API's access log (route
 * template and status, never the path), and S3 access logs of the /assets/ bucket (file names only).
 */
export class Web extends Construct {
  readonly distribution: Distribution;
  readonly assets: Bucket;
  /** The API behind CloudFront, with the origin-verify header: every behaviour that reaches it uses this. */
  readonly apiOrigin: IOrigin;
  /** True when the distribution serves a custom domain with its own certificate (TLS 1.2 minimum). */
  readonly hasCustomDomain: boolean;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    if (props.domainName && !props.certificateArn)
      throw new Error(
        `domainName ${props.domainName} needs certificateArn: an ACM certificate for it in us-east-1`,
      );
    if (props.certificateArn && !props.domainName)
      throw new Error('certificateArn is set without domainName: set both, or neither');
    if (
      props.certificateArn &&
      !Token.isUnresolved(props.certificateArn) &&
      !props.certificateArn.startsWith('arn:aws:acm:us-east-1:')
    )
      throw new Error(
        `certificateArn must be an ACM certificate in us-east-1 (CloudFront uses only those): ${props.certificateArn}`,
      );
    this.hasCustomDomain = Boolean(props.domainName && props.certificateArn);
    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.assets = new Bucket(this, 'Assets', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'assets/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const apiDomain = `${props.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    // A dynamic reference: CloudFormation reads the value at deploy time, so it is never in the repository
    // or the synthesized template. It is visible in the distribution's configuration to whoever may read
    // that, which is why it is a secret of the front door only, never reused for anything else.
    const originVerifyValue = props.originVerifySecretVersionId
      ? SecretValue.secretsManager(props.originVerifySecret.secretArn, {
          versionId: props.originVerifySecretVersionId,
        })
      : props.originVerifySecret.secretValue;
    this.apiOrigin = new HttpOrigin(apiDomain, {
      customHeaders: { [ORIGIN_VERIFY_HEADER]: originVerifyValue.unsafeUnwrap() },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Community Kindness',
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Without a custom domain the distribution has CloudFront's default certificate, whose security
      // policy CloudFront fixes at TLSv1 whatever is asked for (CDK ignores a minimum with a warning), so
      // the TLS 1.2 minimum applies only with a domain and its own certificate: the setting a live
      // service should use.
      ...(props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      // No standard logs: see above (tokens in paths).
      enableLogging: false,
      defaultBehavior: {
        origin: this.apiOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: S3BucketOrigin.withOriginAccessControl(this.assets),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });
    new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(stageAssets())],
      destinationBucket: this.assets,
      destinationKeyPrefix: 'assets/',
      distribution: this.distribution,
      distributionPaths: ['/assets/*'],
    });
  }
}

/** The folders stageAssets made in this process; removed when it exits, or sooner by the caller. */
const stagedAssetFolders = new Set<string>();

/**
 * Removes the temporary asset folders this process made. Synthesis has copied them into the cloud
 * assembly by then; the sandbox calls this as soon as it has its template, and every process that
 * synthesizes (cdk, the sandbox, tests) calls it on exit, so none is left in the temporary directory.
 */
export function removeStagedAssetFolders(): void {
  for (const dir of stagedAssetFolders) rmSync(dir, { recursive: true, force: true });
  stagedAssetFolders.clear();
}

/** Copies only the files the pages use out of nhsuk-frontend (19 MB in all) into a folder to upload. */
function stageAssets(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ck-assets-'));
  if (stagedAssetFolders.size === 0) process.once('exit', removeStagedAssetFolders);
  stagedAssetFolders.add(dir);
  for (const [urlPath, source] of Object.entries(assetFiles())) {
    const target = join(dir, urlPath);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
  return dir;
}
