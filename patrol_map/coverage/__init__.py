"""What the patrols did: phone tracks and check-in sheets, compared with the plan and the hotspots."""
