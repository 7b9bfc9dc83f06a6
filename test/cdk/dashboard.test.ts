import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRouteKey, routeTable } from '../../functions/api/route-table.ts';
import { apiPathPatterns, webExcludes, webFolder } from '../../infra/cdk/dashboard-site.ts';
import { cfnText, onlyResource, referencedId, synthAttain } from './synth-attain.ts';

// AWS-managed policies, by their fixed ids.
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const cachingOptimized = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const allViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const securityHeaders = '67f7725c-6f97-4210-82d7-5512b31e9d03';

/** CloudFront's path pattern matching: case-sensitive, `*` any run of characters, `?` exactly one. */
function matchesPathPattern(pattern: string, path: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(path);
}

/** A path a client would send for a route key, with a plausible value in each `{param}`. */
const samplePath = (key: string) => parseRouteKey(key).path.replace(/\{[^}]+\}/g, '01JDQ8ZK3V5X2C7N4M6B9T0RYA');

/** The files the page consists of: web/ without its documentation. */
const pageFiles = readdirSync(webFolder).filter((name) => !webExcludes.includes(name)).sort();

describe('the dashboard page on CloudFront', () => {
  const { app, template } = synthAttain();
  const distribution = onlyResource(template, 'AWS::CloudFront::Distribution');
  const config = distribution.properties.DistributionConfig;
  const behaviors: Array<Record<string, any>> = config.CacheBehaviors;
  const origins: Array<Record<string, any>> = config.Origins;
  const buckets = template.findResources('AWS::S3::Bucket');
  const pageBucketId = referencedId(origins.find((origin) => origin.S3OriginConfig)?.DomainName);
  const apiOrigin = origins.find((origin) => origin.CustomOriginConfig);
  const apiId = onlyResource(template, 'AWS::ApiGatewayV2::Api').logicalId;

  /** The behavior CloudFront picks for a path: the first pattern that matches, else the default. */
  const behaviorFor = (path: string) => behaviors.find((behavior) => matchesPathPattern(behavior.PathPattern, path)) ?? config.DefaultCacheBehavior;

  it('serves the page from a private, encrypted bucket through origin access control', () => {
    expect(pageBucketId).toBeDefined();
    const bucket = buckets[pageBucketId!]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const s3Origin = origins.find((origin) => origin.S3OriginConfig)!;
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    onlyResource(template, 'AWS::CloudFront::OriginAccessControl');
  });

  it('lets only this distribution read the page bucket, and only over TLS', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (found) => referencedId(found.Properties.Bucket) === pageBucketId,
    )!.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
    const reads = policy.filter((statement) => statement.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.Action).toBe('s3:GetObject');
    expect(cfnText(reads[0]!.Condition.StringEquals['AWS:SourceArn'])).toContain(`distribution/\${${distribution.logicalId}}`);
    expect(policy).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(policy.filter((statement) => statement.Effect === 'Allow' && statement.Principal === '*')).toEqual([]);
  });

  it('answers / with index.html over HTTPS, cached, with security headers', () => {
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: cachingOptimized,
      ResponseHeadersPolicyId: securityHeaders,
      TargetOriginId: origins.find((origin) => origin.S3OriginConfig)!.Id,
    });
  });

  it('reaches the HTTP API over TLS 1.2 on its execute-api host name', () => {
    expect(apiOrigin).toBeDefined();
    expect(cfnText(apiOrigin!.DomainName)).toBe(`\${${apiId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`);
    expect(apiOrigin!.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('has one API behavior per first path segment of the route table, within CloudFront\'s 25 behaviors', () => {
    expect(behaviors.map((behavior) => behavior.PathPattern)).toEqual(apiPathPatterns());
    expect(behaviors.length).toBeLessThanOrEqual(25);
  });

  it.each(routeTable)('sends $key to the API uncached, with all methods and the caller\'s Authorization', ({ key }) => {
    const behavior = behaviorFor(samplePath(key));
    expect(behavior).toMatchObject({
      TargetOriginId: apiOrigin!.Id,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // With caching disabled, AllViewerExceptHostHeader forwards Authorization; API Gateway needs its own Host.
      CachePolicyId: cachingDisabled,
      OriginRequestPolicyId: allViewerExceptHostHeader,
    });
  });

  it.each(['/', '/index.html', ...pageFiles.map((file) => `/${file}`)])('serves %s from the page bucket, not the API', (path) => {
    expect(behaviorFor(path)).toBe(config.DefaultCacheBehavior);
  });

  it('sends every API path the page itself calls to the API', () => {
    const script = pageFiles.filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(webFolder, name), 'utf8')).join('\n');
    const called = [...script.matchAll(/(?:api\('[A-Z]+', |listAll\()[`'](\/[a-z-]+)/g)].map((match) => match[1]!);
    expect(new Set(called).size).toBeGreaterThanOrEqual(5);
    for (const path of called) expect(behaviorFor(path).TargetOriginId, path).toBe(apiOrigin!.Id);
  });

  it('writes its access logs and the page bucket\'s to a log bucket that expires them after 90 days', () => {
    const logBucketId = referencedId(config.Logging.Bucket);
    expect(config.Logging.Prefix).toBe('cloudfront/');
    const logBucket = buckets[logBucketId!]!.Properties;
    expect(logBucket.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'ObjectWriter' }]);
    expect(logBucket.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 90, Status: 'Enabled' }]);
    expect(referencedId(buckets[pageBucketId!]!.Properties.LoggingConfiguration.DestinationBucketName)).toBe(logBucketId);
  });

  it('copies web/ into the page bucket on each deploy and invalidates the distribution', () => {
    const deployment = onlyResource(template, 'Custom::CDKBucketDeployment').properties;
    expect(referencedId(deployment.DestinationBucketName)).toBe(pageBucketId);
    expect(referencedId(deployment.DistributionId)).toBe(distribution.logicalId);
    expect(deployment.DistributionPaths).toEqual(['/*']);
    expect(deployment.Exclude).toEqual([...webExcludes]);
  });

  it('stages exactly the page\'s files as the deployment\'s asset', () => {
    const assembly = app.synth();
    const manifest = JSON.parse(readFileSync(join(assembly.directory, 'Attain.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
    };
    const staged = Object.values(manifest.files)
      .filter((file) => file.source.packaging === 'zip')
      .map((file) => join(assembly.directory, file.source.path))
      .filter((dir) => existsSync(join(dir, 'index.html')));
    expect(staged).toHaveLength(1);
    expect(readdirSync(staged[0]!).sort()).toEqual(pageFiles);
    // The page's modules, its HTML and its style; no screenshot, no test file.
    expect(pageFiles).toEqual(expect.arrayContaining(['api.js', 'app.js', 'dom.js', 'format.js', 'index.html', 'session.js', 'style.css']));
    expect(pageFiles.every((name) => /\.(js|html|css)$/.test(name))).toBe(true);
  });

  it('names the page\'s address as a stack output', () => {
    const outputs = template.findOutputs('DashboardUrl');
    expect(cfnText(outputs.DashboardUrl!.Value)).toBe(`https://\${${distribution.logicalId}.DomainName}/`);
  });
});
