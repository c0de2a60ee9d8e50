#!/usr/bin/env python3
"""Writes the "next revision" fixtures of the bundled page for the `scpgen diff` tests.

tests/fixtures/revisions/next.txt — every kind of change, breaking ones included:
  1. operation added: Show Api Key (GET /v1/apis/{api_id}/usage-plans/{usage_plan_id}/api-keys/{api_key_id}, 1.2);
  2. version added: queueservice 1.1 (CURRENT), with Show Queue documented for it;
  3. version deprecated: queueservice 1.0 becomes DEPRECATED, supported until 2027-03-31;
  4. optional request field added: ApiCreateRequestV1Dot2.labels;
  5. required request field added: AccessControlCreateRequest.priority;
  6. response field removed: ApiDetail.dns_record_status;
  7. enum value removed: ApiCreateRequestV1Dot2.endpoint_type loses PRIVATE;
  8. type changed: Report.error_4xx_count integer -> string;
  9. constraint narrowed: UsagePlanSetQuotaRequest.limit maximum 2000000000 -> 1000000.
tests/fixtures/revisions/nonbreaking.txt — only 1, 4, a widened constraint
  (UsagePlanSetQuotaRequest.limit maximum 2000000000 -> 3000000000), an optional answer
  field added (Api.region) and an enum value added (ApiCreateRequestV1Dot2.endpoint_type
  gains GLOBAL): what a generated crate must take without a breaking change (tests/compat).

With `--semver DIR` it writes instead one revision per kind of change into DIR, for
scripts/semver-check (cargo-semver-checks against scpgen's versions): added-field,
added-enum-value, added-operation, added-version, docs-only (no API change),
removed-operation, changed-type, added-required-field.

Run from the repository root: python3 scripts/make-revisions.py [--semver DIR]
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "spec", "source", "application-service.txt")
OUT = os.path.join(ROOT, "tests", "fixtures", "revisions")

NEW_OPERATION = """1.1.53 - Show Api Key
1.1.53.1 - 1.2
get /v1/apis/{api_id}/usage-plans/{usage_plan_id}/api-keys/{api_key_id}
Description
API Key를 상세조회한다
상태 ACTIVE (CURRENT)
| 버전 | 최소 지원 보장일 |
|---|---|
| 1.2 | - |
Parameters
| Type | Name | Description | Schema | Default |
|---|---|---|---|---|
| path | api_id required | Api ID Example : 27bb070b564349f8a31cc60734cc36a5 | string | None |
| path | usage_plan_id required | 사용량 정책 ID Example : 27bb070b564349f8a31cc60734cc36a5 | string | None |
| path | api_key_id required | API Key ID Example : 27bb070b564349f8a31cc60734cc36a5 | string | None |
Responses
| HTTP Code | Description | Schema |
|---|---|---|
| 200 | OK | ApiKeyShowResponse |
| 404 | Not Found | None |
Example HTTP request
Request path
/v1/apis/{api_id}/usage-plans/{usage_plan_id}/api-keys/{api_key_id}
Request header
"Scp-Accesskey = 2sd2gg=2agbdSD26svcD",
"Scp-Api-Version = apigateway 1.2"
"""


def replace_once(text, old, new, after=None):
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old):]


def add_operation(text):
    return replace_once(text, "1.2 - Models\n", NEW_OPERATION + "1.2 - Models\n")


def add_optional_field(text):
    row = "| description optional | 설명 Example : description | any of [string, null] | |\n"
    return replace_once(text, row, row + "| labels optional | 라벨 목록 | any of [array[string], null] | |\n", after="1.2.11 - ApiCreateRequestV1Dot2\n")


def limit_maximum(text, value):
    return replace_once(text, "Maximum : 2000000000", f"Maximum : {value}", after="1.2.92 - UsagePlanSetQuotaRequest\n")


def queue_version_1_1(text):
    # The service's Version table: 1.0 deprecated, 1.1 current.
    text = replace_once(text, "| 1.0 | CURRENT | - |\n", "| 1.0 | DEPRECATED | 20270331 |\n| 1.1 | CURRENT | - |\n", after="2 - Queue Service\n")
    queue = text.index("2.1 - APIs\n")
    head, tail = text[:queue], text[queue:]
    tail = tail.replace("상태 ACTIVE (CURRENT)\n| 버전 | 최소 지원 보장일 |\n|---|---|\n| 1.0 | - |\n",
                        "상태 ACTIVE (DEPRECATED)\n| 버전 | 최소 지원 보장일 |\n|---|---|\n| 1.0 | 20270331 |\n")
    text = head + tail
    # Show Queue documented for 1.1 too: a copy of its 1.0 section.
    start = text.index("2.1.7.1 - 1.0\n")
    end = text.index("2.1.8 - ", start)
    section = text[start:end]
    copy = (section.replace("2.1.7.1 - 1.0", "2.1.7.2 - 1.1")
            .replace("상태 ACTIVE (DEPRECATED)", "상태 ACTIVE (CURRENT)")
            .replace("| 1.0 | 20270331 |", "| 1.1 | - |")
            .replace("queueservice 1.0", "queueservice 1.1"))
    return text[:end] + copy + text[end:]


def additive_edits(text):
    row = "| dns_record_status optional | DNS 레코드 상태 Example : Active | any of [string, null] | |\n"
    text = replace_once(text, row, row + "| region optional | 리전 Example : kr-west1 | any of [string, null] | |\n", after="1.2.7 - Api\n")
    return replace_once(text, "enum (REGION, PRIVATE)", "enum (REGION, PRIVATE, GLOBAL)", after="1.2.11 - ApiCreateRequestV1Dot2\n")


def breaking_edits(text):
    text = replace_once(text, "| access_controls required | array[AccessControl] | ||", "| access_controls required | array[AccessControl] | ||")
    req = "| name required | 접근제어명 Example : DenyTestPattern : ^[a-z][a-z0-9\\-]{1,48}[a-z0-9]$Minimum length : 3Maximum length : 50 | string |\n"
    text = replace_once(text, req, "| priority required | 우선순위 Example : 1 | integer | |\n" + req, after="1.2.2 - AccessControlCreateRequest\n")
    text = replace_once(text, "| dns_record_status optional | DNS 레코드 상태 Example : Active | any of [string, null] | |\n", "", after="1.2.17 - ApiDetail\n")
    text = replace_once(text, "enum (REGION, PRIVATE)", "enum (REGION)", after="1.2.11 - ApiCreateRequestV1Dot2\n")
    text = replace_once(text, "| error_4xx_count required | 4xx 에러 수 Example : 10 | integer | |", "| error_4xx_count required | 4xx 에러 수 Example : 10 | string | |")
    return text


def remove_operation(text):
    # Delete Auth (every version): the section from its heading to the next one.
    start = text.index("1.1.16 - Delete Auth\n")
    end = text.index("1.1.17 - ", start)
    return text[:start] + text[end:]


def semver_revisions(base):
    """One revision per kind of change, each from the bundled page."""
    additive_field = replace_once(
        base, "| dns_record_status optional | DNS 레코드 상태 Example : Active | any of [string, null] | |\n",
        "| dns_record_status optional | DNS 레코드 상태 Example : Active | any of [string, null] | |\n"
        "| region optional | 리전 Example : kr-west1 | any of [string, null] | |\n", after="1.2.7 - Api\n")
    return {
        "added-field.txt": add_optional_field(additive_field),
        "added-enum-value.txt": replace_once(base, "enum (REGION, PRIVATE)", "enum (REGION, PRIVATE, GLOBAL)",
                                             after="1.2.11 - ApiCreateRequestV1Dot2\n"),
        "added-operation.txt": add_operation(base),
        "added-version.txt": queue_version_1_1(base),
        "docs-only.txt": replace_once(base, "API 목록을 조회한다", "API 목록을 조회합니다"),
        "removed-operation.txt": remove_operation(base),
        "changed-type.txt": replace_once(base, "| error_4xx_count required | 4xx 에러 수 Example : 10 | integer | |",
                                         "| error_4xx_count required | 4xx 에러 수 Example : 10 | string | |"),
        "added-required-field.txt": replace_once(
            base, "| name required | 접근제어명 Example : DenyTestPattern",
            "| priority required | 우선순위 Example : 1 | integer | |\n| name required | 접근제어명 Example : DenyTestPattern",
            after="1.2.2 - AccessControlCreateRequest\n"),
    }


def main():
    with open(SRC, encoding="utf-8") as f:
        base = f.read()
    if "--semver" in sys.argv[1:]:
        out = sys.argv[sys.argv.index("--semver") + 1]
        os.makedirs(out, exist_ok=True)
        for name, text in semver_revisions(base).items():
            if text == base:
                raise SystemExit(f"{name}: no change made")
            with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        print("wrote", len(semver_revisions(base)), "revisions into", out)
        return
    os.makedirs(OUT, exist_ok=True)
    nxt = breaking_edits(limit_maximum(queue_version_1_1(add_optional_field(add_operation(base))), 1000000))
    nonbreaking = additive_edits(limit_maximum(add_optional_field(add_operation(base)), 3000000000))
    for name, text in [("next.txt", nxt), ("nonbreaking.txt", nonbreaking)]:
        with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("wrote", ", ".join(os.path.join("tests/fixtures/revisions", n) for n in ("next.txt", "nonbreaking.txt")))


if __name__ == "__main__":
    main()
