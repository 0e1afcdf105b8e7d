"""The patient handout, built with ReportLab. Never Qt."""
