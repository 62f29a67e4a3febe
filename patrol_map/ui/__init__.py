"""The Streamlit app's pages: layout and session state only; every computation is the library's."""
