"""AWS CloudFormation templates: the images of the containers a stack runs."""

from __future__ import annotations

from pathlib import Path

from tagsense import check
from tagsense.sources import scan_paths
from tagsense.sources.find import scan_text

DAY = "2026-12-04"

# Modelled on n8n-io/n8n-hosting@cee656be:aws-cloudformation/ecs-fargate/
# n8n-w-multimain-queuemode-webhooks-ha.yaml: ECS Fargate task definitions, one container
# behind an !If of a condition, short-form functions everywhere.
ECS = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  RunnerTag:
    Type: String
    Default: 2.23.4
  AppImage:
    Type: String
Conditions:
  PythonRunner: !Equals [ !Ref EnablePythonTaskRunner, "true" ]
Resources:
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt N8nTaskRole.Arn
      ContainerDefinitions:
        - Name: n8n
          Image: n8nio/n8n:2.23.4
        - Name: rds-cert-fetcher
          Image: public.ecr.aws/amazonlinux/amazonlinux:2023
        - !If
          - PythonRunner
          - Name: runner-config-init
            Image: !Sub "n8nio/runners:${RunnerTag}"
          - !Ref AWS::NoValue
        - Name: app
          Image: !Ref AppImage
        - Name: mine
          Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:1.0.0"
  Queue:
    Type: AWS::SQS::Queue
"""


def refs(text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    scan = scan_text(text, kind="kubernetes", name="stack.yaml")
    return [(o.line, o.text, o.unresolved) for o in scan]


def test_the_containers_of_an_ecs_task_definition_are_pulls() -> None:
    assert refs(ECS) == [
        (17, "n8nio/n8n:2.23.4", ()),
        (19, "public.ecr.aws/amazonlinux/amazonlinux:2023", ()),
        (23, "n8nio/runners:2.23.4", ()),  # a parameter's default fills !Sub
        (26, "${AppImage}", ("AppImage",)),  # no default: the deployment's to give
        (
            28,
            "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:1.0.0",
            ("AWS::AccountId", "AWS::Region"),
        ),
    ]


def test_the_long_forms_and_other_resources() -> None:
    text = """\
Resources:
  Job:
    Type: AWS::Batch::JobDefinition
    Properties:
      ContainerProperties:
        Image:
          Fn::Join: [":", [busybox, "1.36"]]
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        ImageUri:
          Fn::Sub:
            - "${Repo}:latest"
            - Repo: ghcr.io/acme/fn
"""
    assert refs(text) == [(7, "busybox:1.36", ()), (14, "ghcr.io/acme/fn:latest", ())]


def test_what_only_a_deployment_knows_is_unresolved() -> None:
    # (the forms of the AWS documentation's and real templates' ECR images)
    text = """\
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Image: !Join ['', [!Ref 'AWS::AccountId', '.dkr.ecr.', !Ref 'AWS::Region', '/a:1']]
        - Image: !Sub
            - '${Repo}:${Tag}'
            - Repo: !GetAtt Repo.RepositoryUri
              Tag: 1.2.3
        - Image: !FindInMap [Images, !Ref 'AWS::Region', app]
"""
    assert [(line, names) for line, _, names in refs(text)] == [
        (6, ("AWS::AccountId", "AWS::Region")),
        (8, ("Fn::GetAtt",)),
        (11, ("Fn::FindInMap",)),
    ]


def test_a_template_in_a_directory_is_checked(tmp_path: Path) -> None:
    (tmp_path / "ecs.yaml").write_text(ECS)
    (tmp_path / "other.yaml").write_text("Resources: {}\nname: not a template\n")
    scan = scan_paths([tmp_path])
    found = [(Path(o.path or "").name, o.line, o.kind) for o in scan]
    assert found[:2] == [("ecs.yaml", 17, "cloudformation"), ("ecs.yaml", 19, "cloudformation")]
    assert len(found) == 5
    findings = check(scan, as_of=DAY, config={"select": ["TS001", "TS004", "TS011"]})
    # (amazonlinux:2023 is a whole release of the OS: no TS004)
    assert sorted((f.line, f.code) for f in findings) == [(26, "TS011"), (28, "TS011")]
    assert "'!Ref AppImage' depends on AppImage, which has no value in the template" in str(
        findings[0].message
    )


def test_yaml_that_is_no_template_is_no_source() -> None:
    assert refs("Resources:\n  X:\n    Type: Custom::Thing\n    Image: alpine\n") == []
    assert refs("name: AWS::ECS::TaskDefinition\n") == []


def test_a_function_image_the_deploy_tool_builds_is_built() -> None:
    # aws/aws-sam-cli's tests/integration/testdata/invoke/cdk/cdk_template_image_functions.yaml
    # (trimmed): a CDK Docker asset; and SAM's `DockerContext`, which `sam build` builds
    text = """\
Resources:
  ImageFunction:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        ImageUri:
          Fn::Join:
            - ""
            - - Ref: AWS::AccountId
              - .dkr.ecr.
              - Ref: AWS::Region
              - "."
              - Ref: AWS::URLSuffix
              - /aws-cdk/assets:ec366e0c559122e6b653100637b3745e7dd2c7bc882572b66fd53f498cc06007
      PackageType: Image
    Metadata:
      aws:cdk:path: ApiCorsIssueStack/Fn/Resource
      aws:asset:path: ./lambda_code
      aws:asset:dockerfile-path: Dockerfile
      aws:asset:property: Code.ImageUri
  HelloWorld:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: helloworldfunction:python3.12-v1
    Metadata:
      Dockerfile: Dockerfile
      DockerContext: ./hello_world
  Pulled:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        ImageUri: public.ecr.aws/lambda/python:latest
"""
    scan = scan_text(text, kind="kubernetes", name="template.yaml")
    assert [(o.line, o.built.tool if o.built else None) for o in scan] == [
        (8, "cdk"),
        (25, "sam"),
        (33, None),
    ]
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS001"]
