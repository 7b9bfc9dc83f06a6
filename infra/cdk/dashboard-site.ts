import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { parseRouteKey, routeTable } from '../../functions/api/route-table.ts';
import { contextString } from './jwt-issuer.ts';
import { repoRoot } from './repo-root.ts';

/** The page's folder, deployed as it is: the page has no build step. */
export const webFolder = join(repoRoot, 'web');

/** Files of web/ that are documentation, not part of the page. */
export const webExcludes: readonly string[] = ['screenshot.png'];

/**
 * The CloudFront path patterns that go to the API: one per first path segment of the route table
 * (`/goals*` covers `/goals` and `/goals/{id}/tree`). Everything else is the page, so the page calls
 * the API on its own origin exactly as it does under `npm start`, with no CORS.
 */
export function apiPathPatterns(): string[] {
  const segments = new Set(routeTable.map((route) => parseRouteKey(route.key).path.split('/')[1] ?? ''));
  return [...segments].sort().map((segment) => `/${segment}*`);
}

/** A name of the operator's own for the distribution, with its ACM certificate (which CloudFront needs in us-east-1). */
export interface DashboardDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

/**
 * `-c dashboardDomain=attain.example.com -c dashboardCertificateArn=arn:aws:acm:us-east-1:…`, or
 * undefined when neither is given (the distribution answers on its *.cloudfront.net name).
 */
export function dashboardDomainFromContext(scope: Construct): DashboardDomain | undefined {
  const domainName = contextString(scope, 'dashboardDomain')?.trim();
  const certificateArn = contextString(scope, 'dashboardCertificateArn')?.trim();
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new Error('Give both -c dashboardDomain=<host name> and -c dashboardCertificateArn=<ACM certificate ARN in us-east-1>, or neither.');
  }
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domainName)) {
    throw new Error(`dashboardDomain must be a host name such as attain.example.com, got "${domainName}".`);
  }
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(certificateArn)) {
    throw new Error(`dashboardCertificateArn must be an ACM certificate in us-east-1 (CloudFront takes no other region), got "${certificateArn}".`);
  }
  return { domainName: domainName.toLowerCase(), certificateArn };
}

export interface DashboardSiteProps {
  /** The API the page reads, served from the same CloudFront origin. */
  readonly api: IHttpApi;
  /** For the access log bucket and the deployment's log group; the page bucket is always rebuilt from web/. */
  readonly removalPolicy: RemovalPolicy;
  /** The operator's own name for the distribution; default: its *.cloudfront.net name. */
  readonly domain?: DashboardDomain | undefined;
}

/**
 * The dashboard page (web/) on CloudFront: a private bucket read through origin access control for
 * the page, the HTTP API as a second origin for every API path, access logs of both in a log bucket.
 * Each deploy copies web/ into the bucket and invalidates the distribution.
 */
export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;
  /** The custom name, if one was given. */
  readonly domain: DashboardDomain | undefined;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    // CloudFront standard logs are written with ACLs, so this bucket keeps object-writer ownership.
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });

    this.bucket = new Bucket(this, 'Page', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'page-bucket/',
      // Nothing in it but a copy of web/, which the next deploy writes again.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const apiBehavior: BehaviorOptions = {
      origin: new HttpOrigin(Fn.join('.', [props.api.apiId, 'execute-api', Stack.of(this).region, Stack.of(this).urlSuffix]), {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Every answer is per caller and per moment; with caching disabled this policy also forwards
      // Authorization (API Gateway must see its own host name, hence "except host").
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    this.domain = props.domain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Attain dashboard page and API',
      ...(props.domain
        ? {
            domainNames: [props.domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((pattern) => [pattern, apiBehavior])),
    });

    this.deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(webFolder, { exclude: [...webExcludes] })],
      destinationBucket: this.bucket,
      exclude: [...webExcludes],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      logGroup: new LogGroup(this, 'DeployLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy }),
    });
  }

  /** The page's address, ending in `/`. */
  get url(): string {
    return `https://${this.domain?.domainName ?? this.distribution.distributionDomainName}/`;
  }
}
