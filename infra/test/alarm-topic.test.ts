import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildForum } from './support/forum-app';

describe('the alarm topic', () => {
  it('is encrypted with its own rotated key that CloudWatch may use, and refuses publishing without TLS', () => {
    const platform = Template.fromStack(buildForum().stacks.platform);
    const [key] = Object.keys(platform.findResources('AWS::KMS::Key'));
    platform.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    platform.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
          Match.objectLike({ Effect: 'Deny', Action: 'kms:CreateGrant' }),
        ]),
      },
    });
    platform.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  it('has nobody subscribed by default', () => {
    Template.fromStack(buildForum().stacks.platform).resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('mails the alarmEmail address when one is given', () => {
    const platform = Template.fromStack(buildForum({ alarmEmail: 'ops@example.com' }).stacks.platform);
    platform.resourceCountIs('AWS::SNS::Subscription', 1);
    platform.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('AlarmsTopic') },
    });
  });

  it('refuses an address that is not one', () => {
    expect(() => buildForum({ alarmEmail: 'ops at example.com' })).toThrow(
      'email must be an e-mail address like ops@example.com, got "ops at example.com"',
    );
  });

  it('is what every alarm of every stack notifies, on ALARM and on OK', () => {
    const { stacks } = buildForum();
    for (const stack of [...stacks.services.values(), stacks.gateway]) {
      const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
      expect(alarms.length).toBeGreaterThan(0);
      for (const alarm of alarms) {
        const topic = { 'Fn::ImportValue': expect.stringMatching(/^ForumPlatform:.*RefAlarmsTopic/) };
        expect(alarm['Properties']).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
      }
    }
  });
});
