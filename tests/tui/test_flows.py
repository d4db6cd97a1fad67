"""The main flows, driven from the keyboard as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, RadioButton, Static

from tests.minting import NOW, fic, github_claims, mint
from tests.tui.helpers import example_inputs, make_app, paste, settle
from wifdoctor.tui.screens.credential_form import CredentialFormScreen
from wifdoctor.tui.screens.export import ExportScreen
from wifdoctor.tui.screens.help import HelpScreen
from wifdoctor.tui.screens.open_file import OpenFileScreen
from wifdoctor.tui.widgets.findings_panel import FindingsPanel
from wifdoctor.tui.widgets.paste_box import PasteBox

GH = "https://token.actions.githubusercontent.com"
SUB = "repo:contoso/payments-api:ref:refs/heads/main"
ERROR = (
    "2025-12-31T23:58:00.1234567Z ##[error]AADSTS700213: No matching federated identity record "
    "found for presented assertion subject 'repo:contoso/payments-api:environment:Production'."
    " Timestamp: 2025-12-31 23:58:00Z"
)


def finding_ids(app: object) -> list[str]:
    diagnosis = getattr(app, "diagnosis", None)
    return [f.id for f in diagnosis.findings] if diagnosis else []


def detail_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one("#finding-detail", Static).render())


async def test_paste_a_token() -> None:
    app = make_app()
    token = mint(github_claims(iat=NOW - 60, exp=NOW + 240))
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, f"Bearer {token}")
        assert app.inputs.token_text is not None
        assert app.screen.query_one(PasteBox).text == ""
        assert app.diagnosis is not None and app.diagnosis.token is not None
        await pilot.press("f3")
        summary = str(app.screen.query_one("#token-summary", Static).render())
        assert "GitHub Actions" in summary and "repo payments-api" in summary
        table = app.screen.query_one("#claims", DataTable)
        assert table.has_focus and table.row_count > 10
        assert token.split(".")[2] not in app.export_screenshot()


async def test_paste_an_error_text() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, ERROR)
        assert finding_ids(app) == ["subject-mismatch"]
        assert "environment:Production" in detail_text(app)
        assert "AADSTS700213" in app.sub_title or "subject" in app.sub_title


async def test_load_credentials_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "fics.json"
    path.write_text(json.dumps([fic("github-main", GH, SUB)]))
    app = make_app()
    app.workdir = tmp_path
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, ERROR)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)
        app.screen.query_one("#file-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        assert app.inputs.credentials is not None and len(app.inputs.credentials) == 1
        assert "subject-entity-mismatch" in finding_ids(app)
        await pilot.press("f4")
        blocks = [str(s.render()) for s in app.screen.query(".match")]
        assert len(blocks) == 1 and "github-main" in blocks[0] and "subject differs" in blocks[0]


async def test_add_a_credential_by_hand() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, mint(github_claims(iat=NOW - 60, exp=NOW + 240)))
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CredentialFormScreen)
        assert form.query_one("#issuer", Input).value == GH  # prefilled from the token
        form.query_one("#name", Input).value = "by-hand"
        form.query_one("#subject", Input).value = SUB
        await pilot.click("#add")
        await settle(pilot)
        assert app.inputs.credentials is not None
        assert [c.name for c in app.inputs.credentials] == ["by-hand"]
        assert finding_ids(app) == ["configuration-matches"]


async def test_credential_form_refuses_missing_subject() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        app.screen.query_one("#issuer", Input).value = GH
        await pilot.click("#add")
        await pilot.pause()
        assert isinstance(app.screen, CredentialFormScreen)
        assert "subject" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.inputs.credentials is None


async def test_select_a_step() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        table = app.screen.query_one("#steps-table", DataTable)
        assert table.has_focus and table.row_count == 5
        await pilot.press("down", "down", "down")
        detail = str(app.screen.query_one("#step-detail", Static).render())
        assert "Matching federated credentials" in detail and "fail" in detail
        assert "nearest" in detail


async def test_export_the_report(tmp_path: Path) -> None:
    app = make_app(example_inputs("github-environment"))
    app.workdir = tmp_path
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.click(RadioButton.__name__ + "#json")
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value.endswith("wifdoctor-report.json")
        await pilot.click("#save")
        await pilot.pause()
        report = json.loads((tmp_path / "wifdoctor-report.json").read_text())
        assert report["findings"][0]["id"] == "subject-entity-mismatch"
        token = app.inputs.token_text or ""
        assert token and token not in json.dumps(report)
        assert token.split(".")[2] not in json.dumps(report)


async def test_export_to_an_unwritable_place_says_so(tmp_path: Path) -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing-dir" / "r.md")
        await pilot.click("#save")
        await pilot.pause()
        assert any("Cannot write" in n.message for n in app._notifications)
        assert app.is_running


async def test_copy_a_fix() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        assert app.screen.query_one("#finding-list", OptionList).has_focus
        await pilot.press("c")
        assert app.clipboard == "repo:contoso/payments-api:environment:Production"
        panel = app.screen.query_one(FindingsPanel)
        assert panel.selected is not None and panel.selected.id == "subject-entity-mismatch"


async def test_copy_the_az_command_with_one_key() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "a")
        assert app.clipboard.startswith("az ad app federated-credential create --id ")
        assert '"subject":"repo:contoso/payments-api:environment:Production"' in app.clipboard


async def test_bad_input_says_why_and_keeps_the_text() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, "the deploy failed, no idea why")
        assert app.screen.query_one(PasteBox).text == "the deploy failed, no idea why"
        assert app.inputs.empty and app.diagnosis is None
        assert any("Nothing in this text" in n.message for n in app._notifications)
        await paste(pilot, "{not json")
        await pilot.press("ctrl+l")
        await paste(pilot, ERROR)
        assert finding_ids(app) == ["subject-mismatch"]


async def test_bad_credentials_json_keeps_the_previous_ones() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, json.dumps([fic("github-main", GH, SUB)]))
        await paste(pilot, '[{"issuer": 5, "subject": "x"}]')
        assert (
            app.inputs.credentials is not None and app.inputs.credentials[0].name == "github-main"
        )
        assert any("'issuer' should be a string" in n.message for n in app._notifications)


async def test_huge_paste_is_refused_quickly() -> None:
    import time

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        start = time.perf_counter()
        await paste(pilot, "x" * 2_100_000)
        assert time.perf_counter() - start < 20
        assert any("reads at most" in n.message for n in app._notifications)
        assert app.is_running


async def test_truncated_token_is_a_finding_not_a_crash() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, mint(github_claims())[:-40])
        assert "token-empty-or-malformed" in finding_ids(app)


async def test_help_and_palette() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Clear")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.inputs.empty and app.diagnosis is None


async def test_example_from_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        app.load_example("aks-trailing-slash")
        await settle(pilot)
        assert "issuer-trailing-slash" in finding_ids(app)


async def test_small_terminal_and_quit() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.export_screenshot()
        for text in ("Findings", "Token", "Credentials", "Steps", "Diagnose", "ERROR"):
            assert text in screen
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_light_theme_renders() -> None:
    app = make_app(example_inputs("case-sensitive"), theme="textual-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        assert "subject-case-mismatch" in finding_ids(app)
