import { Duration, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailProps {
  senderEmail: string;
  /** A domain to verify as the SES identity (Easy DKIM, custom MAIL FROM); unset: the one address. */
  emailDomain?: string;
  /** The custom MAIL FROM is <mailFromSubdomain>.<emailDomain>. */
  mailFromSubdomain: string;
}

/** AWS's own warning levels for an account's sending reputation (SES reviews an account above them). */
export const SES_WARNING_RATES = { bounce: 0.05, complaint: 0.001 } as const;

/**
 * The sending identity and its configuration set. With a domain, SES signs every message with Easy
 * DKIM and uses a MAIL FROM in that domain, so DKIM and SPF align with the From address and mail
 * passes DMARC at providers that enforce it. The configuration set refuses to deliver over an
 * unencrypted connection (the details email carries a name, an address and a phone number) and
 * publishes reputation metrics.
 */
export class Email extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  /** The domain verified with DKIM, when there is one. */
  readonly emailDomain?: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
    });
    this.emailDomain = props.emailDomain;
    if (props.emailDomain) {
      // DNS: the three DKIM CNAMEs, and an MX and SPF TXT for the MAIL FROM domain (docs/DEPLOY.md).
      this.identity = new EmailIdentity(this, 'Domain', {
        identity: Identity.domain(props.emailDomain),
        dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
        dkimSigning: true,
        mailFromDomain: `${props.mailFromSubdomain}.${props.emailDomain}`,
        configurationSet: this.configurationSet,
      });
    } else {
      // No domain configured: SES verifies the single sender address by a link it emails on first
      // deploy. That is enough to try the service, but mail is not DKIM-signed in the sender's
      // domain and its SPF does not align, so providers enforcing DMARC for that domain reject it.
      // A live scheme sets deployment.emailDomain (or deployment.domainName) in cdk.json.
      this.identity = new EmailIdentity(this, 'Sender', {
        identity: Identity.email(props.senderEmail),
        configurationSet: this.configurationSet,
      });
    }
  }

  /** Send only from our identity: a compromised function cannot send as anyone else. */
  grantSend(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({
            service: 'ses',
            resource: 'identity',
            resourceName: this.identity.emailIdentityName,
          }),
          this.configurationSetArn,
        ],
      }),
    );
  }

  /** The configuration set's ARN: SES names it as the source when it publishes events. */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /**
   * The account's bounce and complaint rates, which SES computes over a representative volume and
   * acts on (review, then a pause of sending) account-wide, whatever configuration set sent the mail.
   */
  metricReputation(kind: keyof typeof SES_WARNING_RATES): Metric {
    return new Metric({
      namespace: 'AWS/SES',
      metricName: kind === 'bounce' ? 'Reputation.BounceRate' : 'Reputation.ComplaintRate',
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
  }
}
