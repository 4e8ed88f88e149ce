import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { assetFiles } from '../catalogue.js';

export interface WebProps {
  httpApi: HttpApi;
  /** The WAF web ACL (from the us-east-1 edge stack) that CloudFront puts in front of everything. */
  webAclArn?: string;
}

/**
 * One HTTPS origin for people: pages and form posts go to the API (never cached: they carry personal
 * data), /assets/* comes from a private bucket. One origin keeps the Origin check and CSP simple.
 */
export class Web extends Construct {
  readonly distribution: Distribution;
  readonly assets: Bucket;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
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
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Community Kindness',
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: new HttpOrigin(apiDomain),
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

/** Copies only the files the pages use out of nhsuk-frontend (19 MB in all) into a folder to upload. */
function stageAssets(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ck-assets-'));
  for (const [urlPath, source] of Object.entries(assetFiles())) {
    const target = join(dir, urlPath);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
  return dir;
}
