"""Capture: find where this process runs and get the workload's ID token the platform's way.

One function per platform; each returns a Capture with the token (or none), the findings about
the environment and the token requests made. The raw token goes only into ``Capture.token``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from wifdoctor.capture import sources_http as http
from wifdoctor.capture.sources_local import (
    jwt_variables,
    read_token_file,
    run_token_command,
    same_file,
)
from wifdoctor.core.capture import Capture, TokenRequest
from wifdoctor.core.errors import InputError
from wifdoctor.core.findings import Finding
from wifdoctor.core.rules import environment as rules
from wifdoctor.knowledge import ci_environments as ci
from wifdoctor.report.redaction import MASK, Redactor

PLATFORM_ALIASES = {
    "github": "github-actions",
    "ado": "azure-devops",
    "k8s": "kubernetes",
    "terraform": "terraform-cloud",
    "tfc": "terraform-cloud",
}


@dataclass(frozen=True)
class CaptureOptions:
    platform: str | None = None  # forced; otherwise detected from the environment
    audience: str = ci.EXCHANGE_AUDIENCE
    token_file: str | None = None
    env_var: str | None = None
    service_connection: str | None = None
    default_sa_token_path: str = ci.DEFAULT_SA_TOKEN_PATH


@dataclass
class _Draft:
    where: str
    platform: str | None
    token: str | None = None
    source: str | None = None
    findings: list[Finding] = field(default_factory=list)
    requests: list[TokenRequest] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *findings: Finding | None) -> None:
        self.findings += [f for f in findings if f is not None]

    def fetched(self, result: http.Fetched, source: str) -> None:
        self.requests.append(result.request)
        self.add(*result.findings)
        if result.token is not None:
            self.token, self.source = result.token, source

    def note(self, text: str) -> None:
        self.notes.append(text)


def resolve_platform(name: str | None) -> str | None:
    if name is None:
        return None
    platform = PLATFORM_ALIASES.get(name, name)
    if ci.environment_for(platform) is None:
        known = ", ".join([c.platform for c in ci.CI_ENVIRONMENTS] + sorted(PLATFORM_ALIASES))
        raise InputError(f"capture does not know the platform {name!r}.", hint=f"Use {known}.")
    return platform


async def capture_token(
    options: CaptureOptions, env: Mapping[str, str], clients: http.ClientFactory
) -> Capture:
    """Get the token; raise InputError when nothing says where to get one."""
    redactor = Redactor.for_environment(env)
    chosen = resolve_platform(options.platform)
    found = ci.environment_for(chosen) if chosen else ci.detect_environment(dict(env))
    draft = _Draft(found.name if found else "an unknown place", found.platform if found else None)
    if options.token_file is not None or options.env_var is not None:
        _explicit(draft, options, env)
    elif found is None:
        raise InputError(
            "capture cannot tell which CI platform or cluster this is.",
            hint="Pass --platform, --token-file PATH or --env-var NAME.",
        )
    else:
        handler = _HANDLERS[found.platform]
        await handler(draft, options, env, clients, redactor)
    return _finish(draft, found, env)


def _finish(draft: _Draft, found: ci.CiEnvironment | None, env: Mapping[str, str]) -> Capture:
    if draft.token is not None and env.get(ci.SECRET_SHADOWS_FEDERATION, "").strip():
        draft.note(
            f"{ci.SECRET_SHADOWS_FEDERATION} is set too: DefaultAzureCredential tries "
            "EnvironmentCredential first, so it signs in with that secret, not with this token."
        )
    names = found.context if found else ()
    variables = {
        name: (MASK if ci.is_secret_name(name) else env[name]) for name in names if name in env
    }
    secrets = [*Redactor.for_environment(env).secrets]
    if draft.token:
        secrets.append(draft.token)
    return Capture(
        platform=draft.platform,
        where=draft.where,
        source=draft.source,
        token=draft.token,
        findings=tuple(draft.findings),
        requests=tuple(draft.requests),
        notes=tuple(draft.notes),
        variables=variables,
        secrets=tuple(secrets),
    )


def _explicit(draft: _Draft, options: CaptureOptions, env: Mapping[str, str]) -> None:
    if options.token_file is not None:
        read = read_token_file(options.token_file)
        if read.text is None:
            raise InputError(f"The token file {options.token_file}: {read.problem}.")
        draft.token, draft.source = read.text, f"the file {options.token_file}"
        return
    name = options.env_var or ""
    if name not in env:
        raise InputError(f"There is no environment variable {name}.")
    draft.token, draft.source = env[name], f"the environment variable {name}"


async def _github(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    missing = rules.github_permission_missing(env)
    if missing is not None:
        draft.add(missing)
        return
    result = await http.github_token(env, options.audience, clients, redactor)
    if isinstance(result, http.Fetched):
        draft.fetched(result, f"GitHub's token endpoint (audience {options.audience})")


async def _azure_devops(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    if rules.terraform_provider_get(env) and env.get(ci.ADO_REQUEST_URI):
        probe = await http.terraform_style_probe(env, clients, redactor)
        draft.requests.append(probe.request)
        draft.add(*(_terraform_context(f) for f in probe.findings))
    task_token = env.get(ci.ADO_TASK_TOKEN, "").strip()
    if task_token:
        draft.token, draft.source = task_token, "idToken (AzureCLI@2 with addSpnToEnvironment)"
        draft.note(
            "idToken exists only inside the task that set addSpnToEnvironment: a later step of "
            "the job does not have it."
        )
        return
    connection = options.service_connection or next(
        (env[n].strip() for n in ci.ADO_SERVICE_CONNECTION_VARS if env.get(n, "").strip()), None
    )
    problems = rules.ado_request_settings(env, connection)
    if problems or connection is None:
        draft.add(*problems)
        return
    result = await http.ado_token(env, connection, clients, redactor)
    draft.fetched(result, f"the Azure DevOps OIDC endpoint (service connection {connection})")


def _terraform_context(finding: Finding) -> Finding:
    return replace(
        finding,
        explanation="ARM_USE_OIDC=true without ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: the "
        "azurerm/azapi providers call SYSTEM_OIDCREQUESTURI the GitHub way, as wifdoctor just "
        "did. " + finding.explanation,
    )


async def _gitlab(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    names = jwt_variables(env, skip=ci.GITLAB_OBSOLETE_TOKENS)
    if not names:
        draft.add(rules.gitlab_no_token(env))
        return
    from wifdoctor.core.token import parse_token

    def audience_fits(name: str) -> bool:
        try:
            return options.audience in parse_token(env[name]).audiences
        except Exception:
            return False

    chosen = next((n for n in names if audience_fits(n)), names[0])
    draft.token, draft.source = env[chosen], f"the id_tokens variable {chosen}"
    if len(names) > 1:
        draft.note(f"Other ID token variables here: {', '.join(n for n in names if n != chosen)}.")


async def _kubernetes(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    path = env.get(ci.TOKEN_FILE_VAR, "").strip()
    if not path:
        default = read_token_file(options.default_sa_token_path)
        draft.add(rules.kubernetes_not_injected(env, default.text is not None))
        return
    read = read_token_file(path)
    if read.text is None:
        draft.add(rules.token_file_missing(path, read.problem or "it cannot be read"))
        return
    draft.token, draft.source = read.text, f"the projected token file {path}"
    if same_file(path, options.default_sa_token_path):
        draft.note(
            f"{ci.TOKEN_FILE_VAR} points at the default service-account token, not at the "
            f"projected {ci.PROJECTED_TOKEN_PATH}."
        )
    draft.add(rules.sdk_settings(env, token_file=True))
    if any(env.get(name) for name in ci.IDENTITY_BINDING_VARS):
        draft.note(
            "This pod uses an AKS identity binding (AZURE_KUBERNETES_TOKEN_PROXY): azure-identity "
            "reaches Entra through the cluster's proxy only with "
            "WorkloadIdentityCredential(enable_azure_proxy=True), not DefaultAzureCredential."
        )


async def _terraform(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    names = sorted(n for n in env if n.startswith(ci.TFC_TOKEN) and env[n].strip())
    if not names:
        draft.add(*rules.terraform_no_token(env))
        return
    chosen = ci.TFC_TOKEN if ci.TFC_TOKEN in names else names[0]
    draft.token, draft.source = env[chosen], f"the run variable {chosen}"
    draft.add(*rules.terraform_settings(env))


async def _bitbucket(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    value = env.get(ci.BITBUCKET_TOKEN, "").strip()
    if not value:
        draft.add(rules.bitbucket_no_token())
        return
    draft.token, draft.source = value, f"the step variable {ci.BITBUCKET_TOKEN}"


async def _circleci(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    argv = [part.replace("%s", options.audience) for part in ci.CIRCLECI_COMMAND]
    result = run_token_command(argv, env, redactor, "CircleCI's CLI")
    if result.token is not None:
        draft.token, draft.source = result.token, f"circleci run oidc get (aud {options.audience})"
        return
    fallback = next((n for n in ci.CIRCLECI_TOKENS if env.get(n, "").strip()), None)
    if fallback is None:
        draft.add(result.finding)
        return
    draft.token, draft.source = env[fallback].strip(), f"the job variable {fallback}"
    draft.note(
        f"circleci run oidc get failed, so this is {fallback}, whose audience is the "
        "organization ID, not api://AzureADTokenExchange."
    )


async def _buildkite(
    draft: _Draft,
    options: CaptureOptions,
    env: Mapping[str, str],
    clients: http.ClientFactory,
    redactor: Redactor,
) -> None:
    argv = [part.replace("%s", options.audience) for part in ci.BUILDKITE_COMMAND]
    result = run_token_command(argv, env, redactor, "The Buildkite agent")
    if result.token is None:
        finding = result.finding
        if finding is not None and not env.get(ci.BUILDKITE_AGENT_TOKEN):
            finding = replace(
                finding,
                explanation=finding.explanation
                + f" {ci.BUILDKITE_AGENT_TOKEN} is not set in this step.",
            )
        draft.add(finding)
        return
    draft.token, draft.source = (
        result.token,
        f"buildkite-agent oidc request-token ({options.audience})",
    )


_HANDLERS = {
    "github-actions": _github,
    "azure-devops": _azure_devops,
    "gitlab": _gitlab,
    "kubernetes": _kubernetes,
    "terraform-cloud": _terraform,
    "bitbucket": _bitbucket,
    "circleci": _circleci,
    "buildkite": _buildkite,
}
