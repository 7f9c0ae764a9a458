"""Commands for the web app and its users, and the demo: `users`, `serve`, `demo`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shadowtrade.errors import ShadowtradeError
from shadowtrade.output import OutputFormat, print_frame

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


from shadowtrade.cli.base import PlainHelpGroup, WorkspaceOpt, app, err, folder_of, out, say_waiting

PANEL = "Web app"  # where `shadowtrade --help` lists these commands


users_app = typer.Typer(
    cls=PlainHelpGroup, help="Web and API users: a token per user, a role per token."
)


app.add_typer(users_app, name="users", rich_help_panel=PANEL)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name (shown in the audit log)")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin")] = "viewer",
    expires: Annotated[
        str | None,
        typer.Option(
            help="When the token stops working: a date (2027-03-31), a date and time,"
            " or a duration such as 30d or 12h (default: until revoked)"
        ),
    ] = None,
    allow_admin_lapse: Annotated[
        bool,
        typer.Option(
            "--allow-admin-lapse",
            help="Issue an admin token even though no admin token would work 7 days from now"
            " (refused otherwise: the web app and the API would have no admin)",
        ),
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Create a user (or issue a new token for one); the token is printed once. Works while
    `shadowtrade serve` runs (the change goes through the server)."""
    from shadowtrade.web.access import add_user, admin_lapse_warning, parse_expiry

    until = parse_expiry(expires) if expires else None
    body: dict[str, object] = {"name": name, "role": role, "allow_admin_lapse": allow_admin_lapse,
                               "expires_at": until.isoformat() if until else None}  # fmt: skip

    def local(ws: Workspace, who: str) -> dict[str, object]:
        warning = admin_lapse_warning(ws, name, role, until) if allow_admin_lapse else None
        token = add_user(ws, name, role, expires=until, actor=who,
                         allow_admin_lapse=allow_admin_lapse)  # fmt: skip
        return {"token": token, "warning": warning}

    answer = _user_write(
        workspace,
        f"adding user {name}",
        "POST",
        "/api/v1/users",
        body,
        local,
        options={"allow_admin_lapse": "--allow-admin-lapse"},
    )
    until_words = f", until {until:%Y-%m-%d %H:%M}" if until else ""
    out.print(f"{name} ({role}{until_words}): token {answer['token']}")
    err.print("keep it: only its SHA-256 is stored; `users add` again issues a new one")
    if answer.get("warning"):
        err.print(f"warning: {answer['warning']}", highlight=False, markup=False)


@users_app.command("revoke")
def users_revoke(
    name: Annotated[str, typer.Argument(help="The user whose token stops working")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Remove a user: their token stops working at once (also while the server runs)."""
    from urllib.parse import quote

    from shadowtrade.web.access import revoke_user

    _user_write(workspace, f"revoking user {name}", "DELETE",
                f"/api/v1/users/{quote(name, safe='')}", None,
                lambda ws, who: revoke_user(ws, name, actor=who))  # fmt: skip
    out.print(f"{name}: revoked")


def _user_write(workspace: Path | None, what: str, method: str, path: str,
                body: dict[str, object] | None,
                local: Callable[[Workspace, str], object],
                options: dict[str, str] | None = None) -> dict[str, object]:  # fmt: skip
    """A user change on the workspace as its one writer, or through the running server (whose
    refusals name the API's fields: `options` maps them back to this command's options)."""
    from shadowtrade.cases.triage import current_actor
    from shadowtrade.web import delegate
    from shadowtrade.writelock import Served, open_to_write

    who = current_actor()
    try:
        with open_to_write(folder_of(workspace), what, say_waiting) as ws:
            res = local(ws, who)
            return res if isinstance(res, dict) else {"token": res}
    except Served as served:
        answer: dict[str, object] = delegate.call(served.info, method, path, body, actor=who,
                                                  on_wait=say_waiting, options=options)  # fmt: skip
        return answer


@users_app.command("list")
def users_list(workspace: WorkspaceOpt = None) -> None:
    """The users, their roles and their tokens' expiry (also while the server runs)."""
    import pandas as pd

    from shadowtrade.cases.triage import current_actor
    from shadowtrade.web import delegate
    from shadowtrade.web.access import list_users
    from shadowtrade.writelock import Served, open_waiting

    columns = ["name", "role", "created_at", "expires_at"]
    try:
        ws = open_waiting(folder_of(workspace), read_only=True, on_wait=say_waiting)
    except Served as served:
        items = delegate.call(served.info, "GET", "/api/v1/users", actor=current_actor())
        frame = pd.DataFrame(items["items"], columns=columns)
    else:
        try:
            frame = pd.DataFrame(list_users(ws), columns=columns)
        finally:
            ws.close()
    print_frame(frame, OutputFormat.table, title="users")


@app.command(rich_help_panel=PANEL)
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    max_upload_mb: Annotated[int, typer.Option(help="Largest accepted upload, MB")] = 200,
    workspace: WorkspaceOpt = None,
    root_path: Annotated[
        str, typer.Option(help="Path prefix under which a reverse proxy serves the app")
    ] = "",
    proxy_headers: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-For/-Proto from --forwarded-allow-ips")
    ] = False,
    forwarded_allow_ips: Annotated[
        str, typer.Option(help="The proxy's addresses, comma-separated")
    ] = "127.0.0.1",
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="Session cookies only over https (default: as the request came)",
        ),
    ] = None,
) -> None:
    """Serve the web app and the REST API (/api/v1, schema at /openapi.json) on the workspace.
    For a team: behind a reverse proxy that terminates TLS (docs/deploy.md)."""
    import uvicorn

    from shadowtrade.web.app import create_app
    from shadowtrade.workspace import default_workspace
    from shadowtrade.writelock import advertise

    ws_path = workspace if workspace is not None else default_workspace()
    _check_port_free(host, port)
    application = create_app(ws_path, max_upload=max_upload_mb * 1024 * 1024,
                             secure_cookies=secure_cookies)  # fmt: skip
    err.print(f"Shadowtrade on http://{host}:{port}/ (API at /api/v1, docs at /docs);"
              " log in with a token from `shadowtrade users add NAME --role …`")  # fmt: skip
    # CLI writes (`triage`, `users`) find the server here and go through its one writer.
    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    secret = application.state.shadowtrade.local_secret
    with advertise(ws_path, f"http://{local}:{port}", secret):
        uvicorn.run(application, host=host, port=port, log_level="warning",
                    root_path=root_path, proxy_headers=proxy_headers,
                    forwarded_allow_ips=forwarded_allow_ips)  # fmt: skip


def _check_port_free(host: str, port: int) -> None:
    """Refuse a busy address before the banner says the server is there (uvicorn would
    print its own error only after it)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise ShadowtradeError(
                f"cannot serve on {host}:{port}: {reason} (another server? choose --port)"
            ) from exc


@app.command(rich_help_panel=PANEL)
def demo(
    workspace: WorkspaceOpt = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the demo world and report")
    ] = Path("shadowtrade-demo"),
) -> None:
    """Simulate the seed-case world, ingest it, run the detectors and write a report."""
    from shadowtrade.demo import run_demo

    run_demo(out_dir, workspace, console=out)
