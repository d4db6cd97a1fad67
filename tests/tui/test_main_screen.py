"""The main screen (issue 8): the compared values beside the nearest credential, the steps and
the top finding on one screen at 120 columns and more; stacked and scrolling below that."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static

from tests.minting import NOW, fic, github_claims, mint
from tests.tui.helpers import example_inputs, make_app, paste, screen_text, settle
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.checks.runner import StepFinished, StepStarted
from wifdoctor.core.diagnosis import StepResult
from wifdoctor.tui.screens.credential_form import CredentialFormScreen
from wifdoctor.tui.screens.help import HelpScreen
from wifdoctor.tui.widgets.comparison_pane import ComparisonPane
from wifdoctor.tui.widgets.findings_panel import FindingsPanel
from wifdoctor.tui.widgets.overview_panel import OverviewPanel
from wifdoctor.tui.widgets.walk_pane import WalkPane

GH = "https://token.actions.githubusercontent.com"


def text_of(widget: object) -> str:
    statics = widget.query(Static)  # type: ignore[attr-defined]
    return "\n".join(str(s.render()) for s in statics)


async def test_one_screen_at_160x45_shows_values_steps_and_the_top_finding() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        shot = screen_text(app)
        comparison = text_of(app.screen.query_one(ComparisonPane))
        assert "repo:contoso/payments-api:environment:Production" in comparison
        assert "repo:contoso/payments-api:pull_request" in comparison  # the nearest credential
        assert "github-pull-requests" in comparison and "differs" in comparison
        walk = app.screen.query_one(WalkPane)
        assert walk.status_of("match") == "fail"
        for title in ("Matching federated credentials", "Validity in time", "Top finding"):
            assert title in shot
        top = text_of(app.screen.query_one("#top-finding"))
        assert "subject-entity-mismatch" in top and "Fix" in top and "Copy (c)" in top
        comparison_pane = app.screen.query_one(ComparisonPane)
        walk_region, comparison_region = walk.region, comparison_pane.region
        assert walk_region.x > comparison_region.x  # side by side
        assert walk_region.y == comparison_region.y


async def test_the_copy_key_copies_the_top_finding_from_the_overview() -> None:
    app = make_app(example_inputs("aks-trailing-slash"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.screen.query_one(OverviewPanel).focus()
        await pilot.press("c")
        assert app.clipboard.endswith("8f2e6c1a-9b3d-4e7f-a0c5-d2b4e6f8a1c3/")
        assert "Copied corrected issuer" in str(app.screen.query_one("#inputs", Static).render())


async def test_differences_are_marked_as_whole_segments() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        cells = app.screen.query_one(ComparisonPane).query(".value")
        token_subject = cells[2].render()
        marked = [
            token_subject.plain[span.start : span.end]  # type: ignore[attr-defined]
            for span in token_subject.spans  # type: ignore[attr-defined]
            if "underline" in str(span.style)
        ]
        assert marked == ["environment:Production"]  # the differing parts, not letters
        fic_subject = cells[3].render()
        marked = [
            fic_subject.plain[span.start : span.end]  # type: ignore[attr-defined]
            for span in fic_subject.spans  # type: ignore[attr-defined]
            if "underline" in str(span.style)
        ]
        assert marked == ["pull_request"]


async def test_stacked_at_80x24_and_the_finding_is_reached_by_scrolling() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        walk = app.screen.query_one(WalkPane)
        comparison = app.screen.query_one(ComparisonPane)
        assert walk.region.y > comparison.region.y or walk.region.height == 0  # stacked
        overview = app.screen.query_one(OverviewPanel)
        overview.focus()
        for _ in range(8):
            await pilot.press("pagedown")
        await pilot.pause()
        assert overview.scroll_y > 0
        assert "Corrected subject" in screen_text(app)


async def test_token_alone_says_what_to_add_next() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await paste(pilot, mint(github_claims(iat=NOW - 60, exp=NOW + 240)))
        note = str(app.screen.query_one("#comparison-note", Static).render())
        assert "Add the credentials to compare" in note
        assert "ctrl+o" in note and "ctrl+n" in note


async def test_token_view_at_80x24_shows_the_compared_claims_without_scrolling() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one("#claims", DataTable)
        first = [str(table.get_row_at(i)[0]) for i in range(4)]
        assert first == ["iss", "sub", "aud", "exp"]
        assert str(table.get_row_at(table.row_count - 1)[0]).startswith("header ")
        shot = screen_text(app)
        assert "token.actions.githubusercontent.com" in shot and "expires in" in shot
        explanation = str(app.screen.query_one("#claim-explanation", Static).render())
        assert explanation.startswith("iss") and "issuer" in explanation
        await pilot.press("down")
        explanation = str(app.screen.query_one("#claim-explanation", Static).render())
        assert explanation.startswith("sub")


async def test_token_view_shows_every_meaning_beside_its_row_when_wide() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one("#claims", DataTable)
        assert len(table.columns) == 3
        assert "must equal the credential's issuer" in str(table.get_row_at(0)[2])


async def test_every_view_scrolls_at_80x24() -> None:
    many = [
        fic(f"github-{n}", GH, f"repo:contoso/payments-api:ref:refs/heads/b{n}") for n in range(6)
    ]
    inputs, _ = example_inputs("github-environment").with_paste(json.dumps(many))
    app = make_app(inputs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        scroll = app.screen.query_one("#finding-detail-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0
        # The fix is reached with PageDown from the list, where the explanation starts.
        for _ in range(4):
            await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        assert app.screen.query_one(FindingsPanel).selected is not None
        for key, selector in (("f4", "#credentials-panel"), ("f5", "#step-detail-scroll")):
            await pilot.press(key)
            await pilot.pause()
            pane = app.screen.query_one(selector, VerticalScroll)
            if pane.max_scroll_y:  # it has more than fits: the keyboard reaches its end
                pane.focus()
                await pilot.press("end")
                await pilot.pause()
                assert pane.scroll_y == pane.max_scroll_y
        assert app.screen.query_one("#credentials-panel", VerticalScroll).max_scroll_y > 0


async def test_the_token_view_scrolls_to_its_last_claim_at_80x24() -> None:
    app = make_app(example_inputs("ado-issuer-migration"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one("#claims", DataTable)
        assert table.has_focus and table.max_scroll_y > 0
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y
        assert "header typ" in screen_text(app) or "header alg" in screen_text(app)


async def test_help_scrolls_to_its_last_line_and_lists_quit_and_the_view_keys() -> None:
    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        for key in ("ctrl+q", "f2", "f3", "f4", "f5", "escape"):
            assert f"`{key}`" in text
        dialog = app.screen.query_one("#dialog", VerticalScroll)
        assert dialog.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert dialog.scroll_y == dialog.max_scroll_y
        assert "never" in screen_text(app)  # the last paragraph is on screen


async def test_a_remapped_key_shows_its_new_name_in_help_footer_and_tabs() -> None:
    from wifdoctor.tui.config import Config

    app = make_app(config=Config(keymap={"diagnose": "ctrl+d", "tab-token": "f9"}))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen.query_one("#tabs").active == "token"  # type: ignore[attr-defined]
        shot = screen_text(app)
        assert "Token f9" in shot and "^d" in shot
        await pilot.press("f1")
        await pilot.pause()
        assert "`ctrl+d` | Diagnose the text in the box" in app.screen.text  # type: ignore[attr-defined]


async def test_the_credential_form_takes_typing_at_once_and_its_note_fits_80x24() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, CredentialFormScreen)
        await pilot.press(*"gh")
        assert app.screen.query_one("#name", Input).value == "gh"
        assert "spaces count." in screen_text(app)


async def test_steps_show_pending_then_running_then_their_result() -> None:
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.main
        steps = offline_steps()
        screen.walk_started(steps)
        await pilot.pause()
        walk = screen.query_one(WalkPane)
        assert {walk.status_of(s.id) for s in steps} == {"pending"}
        screen.walk_progress(StepStarted(steps[0].id, steps[0].title, 0.0))
        await pilot.pause()
        assert walk.status_of(steps[0].id) == "running"
        assert "running" in screen_text(app)
        result = StepResult(steps[0].id, steps[0].title, "fail", "The token endpoint said 401.")
        screen.walk_progress(StepFinished(result))
        await pilot.pause()
        assert walk.status_of(steps[0].id) == "fail"
        assert "The token endpoint said 401." in screen_text(app)
        assert "pending" in screen_text(app)  # the others have not started


async def test_a_rejected_paste_is_said_on_the_status_line() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await paste(pilot, "the deploy failed, no idea why")
        status = str(app.screen.query_one("#inputs", Static).render())
        assert status.startswith("no token") and "Not used" in status


async def test_screenshot_goes_to_the_working_directory(tmp_path: Path) -> None:
    app = make_app()
    app.workdir = tmp_path
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_screenshot()
        await pilot.pause()
        status = str(app.screen.query_one("#inputs", Static).render())
    saved = [name for name in os.listdir(tmp_path) if name.endswith(".svg")]
    assert len(saved) == 1
    assert str(tmp_path / saved[0]) in status


async def test_another_cloud_is_said_on_the_status_line() -> None:
    app = make_app(example_inputs("github-environment"))
    app.cloud = "usgov"
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#inputs", Static).render())
        assert "usgov cloud: api://AzureADTokenExchangeUSGov" in status


async def test_values_with_brackets_show_as_they_are_in_every_view() -> None:
    # "[main]" in a ref is text, not markup: Textual would drop it from a str rendered as markup.
    sub = "repo:contoso/payments-api:ref:refs/heads/[main]"
    token = mint(github_claims(sub=sub, iat=NOW - 60, exp=NOW + 240))
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await paste(pilot, token)
        other = "repo:contoso/payments-api:ref:refs/heads/x"
        await paste(pilot, json.dumps([fic("github-main", GH, other)]))
        assert sub in text_of(app.screen.query_one(ComparisonPane))
        top = app.screen.query_one("#top-finding")
        explanation = str(top.query_one(".finding-explanation", Static).render())
        assert "[main]" in explanation
        await pilot.press("f3")
        await pilot.pause()
        assert sub in screen_text(app)  # the claims table draws it as it is
        await pilot.press("f5", "down")  # the decoding step
        await pilot.pause()
        assert sub + "." in screen_text(app)  # in the table and in the step's detail
