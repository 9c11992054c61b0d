"""Windows of issue 21 (centres after the 2025 reorganisation): the settings page of communes served,
certificate validity and the signing key; the validity lookup; training records; the province package."""
