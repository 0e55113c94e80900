import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  NavLink,
  type NavLinkProps,
} from "@mantine/core";
import { createLink, type LinkComponent } from "@tanstack/react-router";
import type { ComponentPropsWithRef } from "react";

type AnchorElementProps = AnchorProps & ComponentPropsWithRef<"a">;
type ButtonElementProps = ButtonProps & ComponentPropsWithRef<"a">;
type NavLinkElementProps = NavLinkProps & ComponentPropsWithRef<"a">;

function MantineAnchor(props: AnchorElementProps) {
  return <Anchor {...props} />;
}

function MantineButton(props: ButtonElementProps) {
  return <Button component="a" {...props} />;
}

function MantineNavLink(props: NavLinkElementProps) {
  return <NavLink {...props} />;
}

const CreatedAnchorLink = createLink(MantineAnchor);
const CreatedButtonLink = createLink(MantineButton);
const CreatedNavLink = createLink(MantineNavLink);

export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => (
  <CreatedAnchorLink {...props} />
);

export const ButtonLink: LinkComponent<typeof MantineButton> = (props) => (
  <CreatedButtonLink {...props} />
);

export const NavLinkRouter: LinkComponent<typeof MantineNavLink> = (props) => (
  <CreatedNavLink activeProps={{ active: true }} {...props} />
);
