"""The portal's pages that are not one app's alone: they combine practices, regions and events."""
